"""One scenario list, run on SQLite always and on PostgreSQL and MySQL when
CASPIAN_TEST_POSTGRES_URL / CASPIAN_TEST_MYSQL_URL are set (`make test` sets
them). Each test module gets a fresh database, pushed with `ppy db push`, and a
client generated with `ppy generate` into <project>/src/lib/prisma, imported
exactly as the page does: `from src.lib.prisma.db import prisma`."""
from __future__ import annotations

import asyncio
import importlib
import os
import re
import shutil
import subprocess
import sys
import uuid

import pytest

from projectdb import PAGE_SCHEMA, PROVIDERS, replace_db


def _params():
    out = []
    for name, env in PROVIDERS.items():
        marks = []
        if env and not os.environ.get(env):
            marks.append(pytest.mark.skip(reason=f"{env} is not set (make test sets it)"))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


def ppy(*args: str, cwd: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs the installed `ppy` console script and fails the test on error."""
    exe = shutil.which("ppy")
    assert exe, "ppy is not on PATH: install the wheel (make install)"
    proc = subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"ppy {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def fresh_url(provider: str, tag: str) -> str:
    """A URL naming a database that does not exist yet; `ppy db push` creates it,
    as Prisma's db push does."""
    if provider == "sqlite":
        return "file:./prisma/test.db"
    base = os.environ[PROVIDERS[provider]]
    name = f"cp_{tag}_{uuid.uuid4().hex[:8]}"
    return replace_db(base, name)


class Project:
    """A generated Caspian project on one provider."""

    def __init__(self, provider: str, path: str, url: str, module):
        self.provider = provider
        self.path = path
        self.url = url
        self.db = module  # src.lib.prisma.db
        self.prisma = module.prisma
        self.loop = asyncio.new_event_loop()

    def run(self, coro):
        return self.loop.run_until_complete(coro)


def make_project(tmp_path_factory, provider: str, schema_text: str, tag: str, url: str | None = None) -> Project:
    """A project on provider, pushed and generated; on a fresh database of the
    shared test server unless url names another."""
    path = str(tmp_path_factory.mktemp(f"{tag}_{provider}"))
    os.makedirs(os.path.join(path, "prisma"))
    schema_text = schema_text.replace('provider = "sqlite"', f'provider = "{provider}"')
    with open(os.path.join(path, "prisma", "schema.prisma"), "w") as f:
        f.write(schema_text)
    url = url or fresh_url(provider, tag)
    with open(os.path.join(path, ".env"), "w") as f:
        f.write(f'DATABASE_URL="{url}"\n')
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    ppy("db", "push", cwd=path, env=env)
    ppy("generate", cwd=path, env=env)
    # Import the generated client the way the page does, from this project.
    for name in [m for m in sys.modules if m == "src" or m.startswith("src.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    old = os.getcwd()
    os.chdir(path)
    try:
        os.environ.pop("DATABASE_URL", None)
        module = importlib.import_module("src.lib.prisma.db")
    finally:
        sys.path.remove(path)
    proj = Project(provider, path, url, module)
    proj._old_cwd = old
    return proj


@pytest.fixture(scope="module", params=_params())
def project(request, tmp_path_factory):
    tag = re.sub(r"\W", "_", request.module.__name__.rsplit(".", 1)[-1])[:20]
    with open(getattr(request.module, "SCHEMA_FILE", PAGE_SCHEMA)) as f:
        text = f.read()
    proj = make_project(tmp_path_factory, request.param, text, tag)
    yield proj
    close_project(proj)


def close_project(proj):
    """Disconnects a project's client, closes its loop and leaves its folder."""
    try:
        proj.run(proj.prisma.disconnect())
    finally:
        proj.loop.close()
        os.chdir(proj._old_cwd)


@pytest.fixture(params=_params())
def provider(request):
    """Each provider in turn (skipped when its server URL is not set), for
    tests that make their own projects."""
    return request.param


@pytest.fixture(scope="session")
def e2e():
    """The helpers of this conftest, for tests that make their own projects."""
    import types
    return types.SimpleNamespace(ppy=ppy, fresh_url=fresh_url, make_project=make_project, close_project=close_project)
