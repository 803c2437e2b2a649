"""multiSchema through the generated client: `schemas = [...]` in the
datasource and @@schema on models and enums put tables in several
PostgreSQL schemas; the client is used as with one schema, models named as
in the Prisma schema. SQLite and MySQL refuse `schemas` when the schema is
validated, as Prisma does."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "multischema.prisma")


@pytest.fixture(scope="module")
def project(tmp_path_factory, e2e):
    if not os.environ.get("CASPIAN_TEST_POSTGRES_URL"):
        pytest.skip("CASPIAN_TEST_POSTGRES_URL is not set (make test sets it)")
    with open(SCHEMA_FILE) as f:
        text = f.read()
    proj = e2e.make_project(tmp_path_factory, "postgresql", text, "multischema")
    yield proj
    e2e.close_project(proj)


def test_queries_across_schemas(project):
    p, r = project.prisma, project.run
    ann = r(p.user.create(
        data={"email": "ann@x.io", "role": "ADMIN",
              "posts": {"create": [{"title": "one"}, {"title": "two", "status": "PUBLISHED"}]},
              "groups": {"create": [{"name": "staff"}]}},
        include={"posts": {"order_by": {"id": "asc"}}, "groups": True},
    ))
    assert ann.role == "ADMIN"
    assert [x.title for x in ann.posts] == ["one", "two"]
    assert [g.name for g in ann.groups] == ["staff"]
    staff = ann.groups[0]
    r(p.user.create(data={"email": "bob@x.io", "groups": {"connect": [{"id": staff.id}]}}))

    published = r(p.user.find_many(where={"posts": {"some": {"status": "PUBLISHED"}}}))
    assert [u.email for u in published] == ["ann@x.io"]
    by_admins = r(p.post.find_many(where={"author": {"is": {"role": "ADMIN"}}}, include={"author": True}))
    assert {x.author.email for x in by_admins} == {"ann@x.io"}
    members = r(p.group.find_unique(where={"id": staff.id}, include={"users": {"order_by": {"email": "asc"}}}))
    assert [u.email for u in members.users] == ["ann@x.io", "bob@x.io"]
    assert r(p.user.count(where={"groups": {"some": {"name": "staff"}}})) == 2

    r(p.post.update_many(where={"authorId": ann.id}, data={"status": "DRAFT"}))
    assert r(p.post.count(where={"status": "DRAFT"})) == 2
    r(p.user.delete(where={"id": ann.id}))  # cascades to the posts in "base"
    assert r(p.post.count()) == 0


def test_second_push_is_a_no_op(project, e2e):
    out = e2e.ppy("db", "push", cwd=project.path, env={**os.environ, "DATABASE_URL": project.url})
    assert "already in sync" in out.stdout + out.stderr


@pytest.mark.parametrize("provider", ["sqlite", "mysql"])
def test_other_providers_refuse_schemas(tmp_path, provider):
    with open(SCHEMA_FILE) as f:
        text = f.read().replace('provider = "postgresql"', f'provider = "{provider}"')
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma" / "schema.prisma").write_text(text)
    exe = shutil.which("ppy")
    assert exe, "ppy is not on PATH: install the wheel (make install)"
    proc = subprocess.run([exe, "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "The `schemas` property is not supported on the current connector." in out
    # Prisma reports the datasource alone: the @@schema attributes are not
    # checked against a datasource that is already wrong.
    assert "Validation Error Count: 1" in out


def test_db_pull_reads_every_schema(project, e2e, tmp_path):
    """db pull into a file holding only the datasource introspects both
    schemas (@@schema on each model and enum) and the client generated from
    it queries across them."""
    path = str(tmp_path)
    (tmp_path / "prisma").mkdir()
    schema = tmp_path / "prisma" / "schema.prisma"
    schema.write_text('datasource db {\n  provider = "postgresql"\n  schemas  = ["base", "auth"]\n}\n\n'
                      'generator client {\n  provider = "caspian-prisma"\n}\n')
    env = {k: v for k, v in os.environ.items() if k != "PPY_INTERACTIVE"}
    env["DATABASE_URL"] = project.url
    out = e2e.ppy("db", "pull", cwd=path, env=env).stdout
    assert "Introspected 4 models and 2 enums" in out, out
    pulled = schema.read_text()
    for line in ('schemas  = ["auth", "base"]', "model User {", "model groups {", 'enum Role {',
                 "model GroupToUser {", '@@map("_GroupToUser")'):
        assert line in pulled, pulled
    assert pulled.count('@@schema("auth")') == 2 and pulled.count('@@schema("base")') == 4, pulled
    out = e2e.ppy("db", "push", cwd=path, env=env)
    assert "already in sync" in out.stdout + out.stderr
    e2e.ppy("generate", cwd=path, env=env)
    code = textwrap.dedent("""
        import asyncio
        from src.lib.prisma.db import prisma

        async def main():
            u = await prisma.user.create(data={"email": "pulled@x.io", "role": "ADMIN",
                                               "Post": {"create": [{"title": "from a pulled client"}]}})
            posts = await prisma.post.find_many(where={"User": {"is": {"email": "pulled@x.io"}}}, include={"User": True})
            print([(p.title, p.User.role.value) for p in posts])
            await prisma.user.delete(where={"id": u.id})
            await prisma.disconnect()

        asyncio.run(main())
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[('from a pulled client', 'ADMIN')]"
