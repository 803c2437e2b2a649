"""Schema evolution through the installed `ppy`, on every provider: migrate
dev creates the database and the first migration, the client reads and writes
through it, a second migration adds a column and keeps every row, deploy
brings a second database to the same state, and db pull turns a hand-made
table into a model the client can query."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap


V1 = """datasource db {
  provider = "PROVIDER"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String
}
"""

V2 = """datasource db {
  provider = "PROVIDER"
}

model Author {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String
  bio   String?
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
"""


def client(path: str, env: dict, body: str) -> str:
    """Runs `body` (inside `async def main()`) with the project's generated
    client in a fresh interpreter and returns what it printed."""
    code = "import asyncio\nfrom src.lib.prisma.db import prisma\n\nasync def main():\n" + textwrap.indent(
        textwrap.dedent(body), "    ") + "\n    await prisma.disconnect()\n\nasyncio.run(main())\n"
    proc = subprocess.run([sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def test_migrate_dev_deploy_and_client(provider, e2e, tmp_path):
    ppy, fresh_url = e2e.ppy, e2e.fresh_url
    path = str(tmp_path)
    schema = os.path.join(path, "prisma", "schema.prisma")
    write(schema, V1.replace("PROVIDER", provider))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PPY_INTERACTIVE")}
    env["DATABASE_URL"] = fresh_url(provider, "mig")

    out = ppy("migrate", "dev", "--name", "init", cwd=path, env=env).stdout
    assert "have been created and applied" in out
    ppy("generate", cwd=path, env=env)
    client(path, env, """
        a = await prisma.author.create(data={"email": "ada@example.com", "name": "Ada"})
        print(a.id)
    """)

    write(schema, V2.replace("PROVIDER", provider))
    out = ppy("migrate", "dev", "--name", "add books", cwd=path, env=env).stdout
    assert "_add_books/" in out
    ppy("generate", cwd=path, env=env)
    out = client(path, env, """
        a = await prisma.author.find_unique(where={"email": "ada@example.com"})
        await prisma.book.create(data={"title": "Notes", "authorId": a.id})
        a = await prisma.author.update(where={"id": a.id}, data={"bio": "first programmer"}, include={"books": True})
        print(a.name, a.bio, [b.title for b in a.books])
    """)
    assert out.strip() == "Ada first programmer ['Notes']"
    assert "Database schema is up to date!" in ppy("migrate", "status", cwd=path, env=env).stdout

    second = dict(env, DATABASE_URL=fresh_url(provider, "mig2").replace("test.db", "second.db"))
    out = ppy("migrate", "deploy", cwd=path, env=second).stdout
    assert "2 migrations found" in out and "All migrations have been successfully applied." in out
    assert "Database schema is up to date!" in ppy("migrate", "status", cwd=path, env=second).stdout


def test_db_pull_hand_made_database(provider, e2e, tmp_path):
    ppy, fresh_url = e2e.ppy, e2e.fresh_url
    path = str(tmp_path)
    schema = os.path.join(path, "prisma", "schema.prisma")
    write(schema, f'datasource db {{\n  provider = "{provider}"\n}}\n\ngenerator client {{\n  provider = "caspian-prisma"\n}}\n')
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PPY_INTERACTIVE")}
    env["DATABASE_URL"] = fresh_url(provider, "pull")
    q = "`" if provider == "mysql" else '"'
    ddl = (f"CREATE TABLE {q}shop_item{q} ({q}item_id{q} INTEGER NOT NULL PRIMARY KEY, "
           f"{q}label{q} VARCHAR(80) NOT NULL, {q}price_cents{q} INTEGER);"
           f"INSERT INTO {q}shop_item{q} VALUES (1, 'tea', 350);")
    # db execute needs the database to exist: migrate deploy creates it (with no migration).
    ppy("migrate", "deploy", cwd=path, env=env)
    proc = subprocess.run([shutil.which("ppy"), "db", "execute", "--stdin"], input=ddl, cwd=path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = ppy("db", "pull", cwd=path, env=env).stdout
    assert "Introspected 1 model" in out
    with open(schema) as f:
        assert "model shop_item" in f.read()
    ppy("generate", cwd=path, env=env)
    out = client(path, env, """
        items = await prisma.shop_item.find_many(where={"price_cents": {"gt": 100}})
        print([(i.item_id, i.label) for i in items])
    """)
    assert out.strip() == "[(1, 'tea')]"
