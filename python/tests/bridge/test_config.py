"""Configuration is resolved once, in the engine (engine/config), for ``ppy``
and for the app alike: these tests go through the real library."""
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from caspian_prisma.client import Client, read_schema
from caspian_prisma.config import ConfigError, ProjectConfig, find_root, resolve
from caspian_prisma.errors import PrismaError

SCHEMA = 'datasource db {\n  provider = "sqlite"\n}\n\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  text String\n}\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tables(db):
    if not os.path.exists(db):
        return []
    with sqlite3.connect(db) as c:
        return sorted(r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))


@pytest.fixture
def pyenv():
    """An environment for child interpreters that import this caspian_prisma,
    without DATABASE_URL."""
    import caspian_prisma

    pkg_parent = os.path.dirname(os.path.abspath(list(caspian_prisma.__path__)[0]))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join([pkg_parent] + [p for p in sys.path if p])
    return env


def ppy(args, cwd, env):
    """``ppy`` through its real entry point: the console script is
    ``caspian_prisma.cli:main`` reading ``sys.argv``."""
    code = "import sys; sys.argv[0] = 'ppy'; from caspian_prisma.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_app_and_ppy_reach_the_same_database(tmp_path, pyenv):
    # .env and prisma.config.ts disagree: before, ppy took .env and the app
    # took the config. Prisma's order: the config's datasource.url wins.
    root = str(tmp_path)
    write(os.path.join(root, "prisma", "schema.prisma"), SCHEMA)
    write(os.path.join(root, ".env"), 'DATABASE_URL="file:./prisma/from-dotenv.db"\n')
    write(os.path.join(root, "prisma.config.ts"), textwrap.dedent("""\
        import { defineConfig } from "prisma/config";
        export default defineConfig({
          schema: "prisma/schema.prisma",
          datasource: { url: "file:./prisma/from-config.db" },
        });
        """))
    out = ppy(["db", "push"], root, pyenv)
    assert out.returncode == 0, out.stdout + out.stderr
    assert 'SQLite database "from-config.db"' in out.stdout
    out = ppy(["generate"], root, pyenv)
    assert out.returncode == 0, out.stdout + out.stderr

    # The app, started from a subfolder, imports the generated client as the page does.
    app = textwrap.dedent("""\
        import asyncio, sys
        sys.path.insert(0, sys.argv[1])
        from src.lib.prisma.db import prisma
        async def main():
            await prisma.note.create(data={"text": "hi"})
            print(prisma._core.engine_config()["url"])
            print(await prisma.note.count())
            await prisma.disconnect()
        asyncio.run(main())
        """)
    os.makedirs(os.path.join(root, "src", "pages"), exist_ok=True)
    run = subprocess.run([sys.executable, "-c", app, root], cwd=os.path.join(root, "src", "pages"), env=pyenv,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.split() == ["file:./prisma/from-config.db", "1"]
    assert "Note" in tables(os.path.join(root, "prisma", "from-config.db"))
    assert not os.path.exists(os.path.join(root, "prisma", "from-dotenv.db"))

    # Without datasource.url, both take DATABASE_URL from .env; the
    # environment beats .env for both.
    write(os.path.join(root, "prisma.config.ts"), 'export default { schema: "prisma/schema.prisma" }\n')
    out = ppy(["db", "push"], root, pyenv)
    assert out.returncode == 0 and 'SQLite database "from-dotenv.db"' in out.stdout, out.stdout + out.stderr
    assert resolve(root, environ={}).url == "file:./prisma/from-dotenv.db"
    env = dict(pyenv, DATABASE_URL="file:./prisma/from-env.db")
    out = ppy(["db", "push"], root, env)
    assert out.returncode == 0 and 'SQLite database "from-env.db"' in out.stdout, out.stdout + out.stderr
    run = subprocess.run([sys.executable, "-c", app, root], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.split()[0] == "file:./prisma/from-env.db", run.stdout + run.stderr


def test_resolve(tmp_path):
    root = str(tmp_path / "app")
    write(os.path.join(root, "prisma", "schema.prisma"), SCHEMA)
    write(os.path.join(root, ".env"), "DB=postgresql://app:s3cretPassw0rd@127.0.0.1:1/app\n")
    write(os.path.join(root, "prisma.config.ts"), textwrap.dedent("""\
        export default {
          seed: { import: "./prisma/seed.ts", autoRun: true },
          client: { logLevel: "query" },
          migrations: { path: "db/migrations", seed: "python seed.py" },
          datasource: { url: env("DB"), shadowDatabaseUrl: process.env.SHADOW },
        }
        """))
    pc = resolve(os.path.join(root, "prisma"), environ={"SHADOW": "file:./shadow.db"})
    assert isinstance(pc, ProjectConfig)
    assert pc.root == root and pc.config_file == os.path.join(root, "prisma.config.ts")
    assert pc.env_files == [os.path.join(root, ".env")]
    assert pc.schema_path == os.path.join(root, "prisma", "schema.prisma")
    assert pc.migrations_path == os.path.join(root, "db", "migrations")
    assert pc.url == "postgresql://app:s3cretPassw0rd@127.0.0.1:1/app" and pc.provider == "postgresql"
    assert pc.url_source == f"DB in {os.path.join(root, '.env')} (datasource.url in prisma.config.ts)"
    assert pc.shadow_url == "file:./shadow.db"
    assert (pc.seed_import, pc.seed_auto_run, pc.migrations_seed) == ("./prisma/seed.ts", True, "python seed.py")
    assert pc.log_level == "query" and pc.log_queries

    # Errors: a --schema that is not there; no URL anywhere (not an error
    # until the URL is needed). Never a password in a message.
    with pytest.raises(ConfigError) as e:
        resolve(root, schema="nope.prisma")
    assert e.value.code == "CONFIG" and "nope.prisma" in str(e.value)
    assert isinstance(e.value, PrismaError)
    empty = tmp_path / "empty"
    empty.mkdir()
    pc = resolve(str(empty), environ={})
    assert pc.url is None and pc.root == str(empty)
    with pytest.raises(ConfigError) as e:
        pc.require_url()
    assert "DATABASE_URL" in str(e.value) and os.path.join(str(empty), ".env") in str(e.value)
    write(os.path.join(root, "prisma.config.ts"), 'export default { datasource: { url: env("MISSING") } }\n')
    pc = resolve(root, environ={})
    assert "MISSING" in pc.url_error and "s3cret" not in pc.url_error


def test_find_root(tmp_path):
    root = tmp_path / "app"
    write(str(root / "prisma" / "schema.prisma"), SCHEMA)
    deep = root / "src" / "lib" / "prisma"
    # The generated client's own schema.prisma is not a project marker.
    write(str(deep / "schema.prisma"), "// Code generated by caspian-prisma codegen 0.1.0. DO NOT EDIT.\n")
    assert find_root(str(deep)) == str(root)
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert find_root(str(other)) == str(other)
    # Outside the project, the client's folder finds it.
    assert find_root(str(other), package_dir=str(deep)) == str(root)


def test_engine_config(tmp_path, monkeypatch):
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma" / "schema.prisma").write_text("x")
    (tmp_path / ".env").write_text('DATABASE_URL="file:./prisma/dev.db"\n')
    (tmp_path / "prisma.config.ts").write_text('export default { client: { logLevel: "query" } }\n')
    schema = tmp_path / "schema.prisma"
    schema.write_text("// Code generated by caspian-prisma codegen 0.1.0. DO NOT EDIT.\n"
                      "// schema sha256: abc\n// user comment\nmodel A { id Int @id }\n")

    class P(Client):
        __prisma_schema_file__ = str(schema)

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path / "prisma")
    p = P()
    monkeypatch.chdir(tmp_path.parent)  # a later chdir does not move the project
    assert p.root == str(tmp_path)
    cfg = p._core.engine_config()
    assert cfg == {"schema": "// user comment\nmodel A { id Int @id }\n", "schema_file": str(schema),
                   "url": "file:./prisma/dev.db", "root": str(tmp_path), "log_queries": True, "replicas": []}
    assert read_schema(str(schema)).startswith("// user comment")
    # The embedded schema's datasource names the variable (Prisma <= 6).
    schema.write_text('datasource db {\n  provider = "sqlite"\n  url = env("APP_DB")\n}\n')
    monkeypatch.setenv("APP_DB", "file:./app.db")
    assert P()._core.engine_config()["url"] == "file:./app.db"
    # An explicit url= wins over everything, and needs no URL in the project.
    (tmp_path / ".env").unlink()
    monkeypatch.delenv("APP_DB")
    assert P(url="file:./x.db")._core.engine_config()["url"] == "file:./x.db"
    # DATABASE_REPLICA_URLS reaches the engine beside the resolved URL only.
    monkeypatch.setenv("APP_DB", "postgresql://u:p@primary/db")
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "postgresql://u:p@r1/db,postgresql://u:p@r2/db")
    assert P()._core.engine_config()["replicas"] == ["postgresql://u:p@r1/db", "postgresql://u:p@r2/db"]
    assert P(url="postgresql://u:p@other/db")._core.engine_config()["replicas"] == []
    monkeypatch.delenv("APP_DB")
    monkeypatch.delenv("DATABASE_REPLICA_URLS")
    with pytest.raises(ConfigError):
        P()._core.engine_config()
