"""A project's life through the installed `ppy`, on every provider: `ppy init`
in an empty folder, models added to the schema, `ppy generate`, `ppy migrate
dev`, a Python seed run by `ppy db seed` (and by seed.autoRun after migrate dev
created the database and after migrate reset), a script importing `from
src.lib.prisma.db import prisma` that sees the seeded rows, client.logLevel
showing SQL through logging, and `npx ppy` from the packed npm package."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest



def client(path: str, env: dict, body: str) -> str:
    """Runs `body` (inside `async def main()`) with the project's generated
    client in a fresh interpreter and returns what it printed."""
    code = "import asyncio\nfrom src.lib.prisma.db import prisma\n\nasync def main():\n" + textwrap.indent(
        textwrap.dedent(body), "    ") + "\n    await prisma.disconnect()\n\nasyncio.run(main())\n"
    proc = subprocess.run([sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout

MODELS = """
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
"""

SEED = '''"""Seed data for the lifecycle test."""
from src.lib.prisma.db import prisma


async def main():
    for email, name in (("alice@example.com", "Alice"), ("bob@example.com", "Bob")):
        user = await prisma.user.create(data={"email": email, "name": name})
        await prisma.post.create(data={"title": f"Hello from {name}", "authorId": user.id})
    print("seeded", await prisma.user.count())
'''

COUNT = """
    print("users", await prisma.user.count(), "posts", await prisma.post.count())
"""

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def run(*args: str, cwd: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def set_config(path: str, *, auto_run: bool | None = None, log_level: str | None = None) -> None:
    """Edits the prisma.config.ts that ppy init wrote."""
    cfg = os.path.join(path, "prisma.config.ts")
    with open(cfg) as f:
        text = f.read()
    if auto_run is not None:
        text, n = re.subn(r"autoRun: \w+", f"autoRun: {'true' if auto_run else 'false'}", text)
        assert n == 1, text
    if log_level is not None:
        text, n = re.subn(r'logLevel: "\w+"', f'logLevel: "{log_level}"', text)
        assert n == 1, text
    with open(cfg, "w") as f:
        f.write(text)


def new_project(e2e, provider: str, tmp_path, tag: str, *, auto_run: bool = False, seed: str = SEED):
    """ppy init in an empty folder, the models added, the seed written and the
    client generated; nothing touches the database yet."""
    path = str(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PPY_INTERACTIVE", "PRISMA_MIGRATE_SKIP_SEED")}
    url = e2e.fresh_url(provider, tag)
    out = e2e.ppy("init", "--datasource-provider", provider, "--url", url, cwd=path, env=env).stdout
    assert "Your Prisma schema was created at prisma/schema.prisma" in out and "Next steps:" in out
    for name in ("prisma/schema.prisma", "prisma.config.ts", ".env", ".gitignore"):
        assert os.path.exists(os.path.join(path, name)), name
    with open(os.path.join(path, ".env")) as f:
        assert f'DATABASE_URL="{url}"' in f.read()
    with open(os.path.join(path, "prisma", "schema.prisma"), "a") as f:
        f.write(MODELS)
    with open(os.path.join(path, "prisma", "seed.py"), "w") as f:
        f.write(seed)
    set_config(path, auto_run=auto_run)
    e2e.ppy("generate", cwd=path, env=env)
    return path, env


def test_init_migrate_seed_query(provider, e2e, tmp_path):
    path, env = new_project(e2e, provider, tmp_path, "life")
    out = e2e.ppy("migrate", "dev", "--name", "init", cwd=path, env=env).stdout
    assert "created" in out and "Your database is now in sync with your schema." in out
    assert "Running seed command" not in out  # autoRun false
    assert client(path, env, COUNT).strip() == "users 0 posts 0"

    out = e2e.ppy("db", "seed", cwd=path, env=env).stdout
    assert "Running seed command `python -m caspian_prisma.seed prisma/seed.py` ..." in out
    assert "seeded 2" in out and "🌱  The seed command has been executed." in out
    assert client(path, env, COUNT).strip() == "users 2 posts 2"
    # ppy init refuses to run again over the schema.
    again = run(shutil.which("ppy"), "init", cwd=path, env=env, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_auto_run(provider, e2e, tmp_path):
    path, env = new_project(e2e, provider, tmp_path, "auto", auto_run=True)
    # migrate dev created the database: the seed runs after the migration.
    out = e2e.ppy("migrate", "dev", "--name", "init", cwd=path, env=env).stdout
    assert out.index("Your database is now in sync") < out.index("Running seed command") < out.index("The seed command has been executed.")
    assert client(path, env, COUNT).strip() == "users 2 posts 2"
    # The database exists now: the next migrate dev does not seed again.
    with open(os.path.join(path, "prisma", "schema.prisma"), "a") as f:
        f.write("\nmodel Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n")
    out = e2e.ppy("migrate", "dev", "--name", "tags", cwd=path, env=env).stdout
    assert "Running seed command" not in out
    assert client(path, env, COUNT).strip() == "users 2 posts 2"
    # reset empties the database and seeds it again, unless told not to.
    out = e2e.ppy("migrate", "reset", "--force", cwd=path, env=env).stdout
    assert "Database reset successful" in out and "The seed command has been executed." in out
    assert client(path, env, COUNT).strip() == "users 2 posts 2"
    out = e2e.ppy("migrate", "reset", "--force", "--skip-seed", cwd=path, env=env).stdout
    assert "Running seed command" not in out
    assert client(path, env, COUNT).strip() == "users 0 posts 0"
    out = e2e.ppy("migrate", "reset", "--force", cwd=path, env={**env, "PRISMA_MIGRATE_SKIP_SEED": "1"}).stdout
    assert "Running seed command" not in out
    # autoRun false: reset never seeds by itself.
    set_config(path, auto_run=False)
    out = e2e.ppy("migrate", "reset", "--force", cwd=path, env=env).stdout
    assert "Running seed command" not in out
    assert client(path, env, COUNT).strip() == "users 0 posts 0"


def test_failing_seed(e2e, tmp_path):
    failing = SEED.replace('    print("seeded"', '    raise RuntimeError("the seed broke on purpose")\n    print("seeded"')
    path, env = new_project(e2e, "sqlite", tmp_path, "fail", seed=failing)
    e2e.ppy("migrate", "dev", "--name", "init", cwd=path, env=env)
    proc = run(shutil.which("ppy"), "db", "seed", cwd=path, env=env, check=False)
    assert proc.returncode == 1
    assert "RuntimeError: the seed broke on purpose" in proc.stderr
    assert "An error occurred while running the seed command:" in proc.stderr
    assert "has been executed" not in proc.stdout
    # With autoRun, the reset that runs it fails too.
    set_config(path, auto_run=True)
    proc = run(shutil.which("ppy"), "migrate", "reset", "--force", cwd=path, env=env, check=False)
    assert proc.returncode == 1 and "the seed broke on purpose" in proc.stderr


LOGGED = """
import logging
await prisma.user.delete_many()
await prisma.disconnect()
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(record)
logging.getLogger("caspian_prisma").addHandler(Keep())
await prisma.user.create(data={"email": "log@example.com"})
await prisma.user.find_many(where={"email": "log@example.com"})
try:
    await prisma.user.create(data={"email": "log@example.com"})
except Exception:
    pass
await prisma.disconnect()
for r in records:
    print(r.name, r.levelname, getattr(r, "duration_ms", None) is not None, r.getMessage().replace(chr(10), " "))
"""


def test_log_level(provider, e2e, tmp_path):
    path, env = new_project(e2e, provider, tmp_path, "logs")
    e2e.ppy("migrate", "dev", "--name", "init", cwd=path, env=env)
    set_config(path, log_level="query")
    lines = client(path, env, LOGGED).splitlines()
    queries = [l for l in lines if l.startswith("caspian_prisma.query INFO True ")]
    assert any("INSERT INTO" in l for l in queries) and any("SELECT" in l and "[" in l and "ms]" in l for l in queries), lines
    assert any(l.startswith("caspian_prisma.info INFO False Connected to the") for l in lines), lines
    assert any(l.startswith("caspian_prisma.info INFO False Closed the connection pool") for l in lines), lines
    assert any(l.startswith("caspian_prisma.error ERROR False [P2002]") for l in lines), lines
    # The SQL reaches stderr as prisma:query lines for an app that set up no logging.
    proc = run(sys.executable, "-c", textwrap.dedent("""
        import asyncio
        from src.lib.prisma.db import prisma
        async def main():
            await prisma.user.count()
            await prisma.disconnect()
        asyncio.run(main())
    """), cwd=path, env=env)
    assert re.search(r"^prisma:query SELECT .*\[\d+\.\d+ ms\]$", proc.stderr, re.M), proc.stderr
    assert "prisma:info Connected to the" in proc.stderr
    # "info" logs the pool events but no SQL; "error" only the failure.
    set_config(path, log_level="info")
    lines = client(path, env, LOGGED).splitlines()
    assert not any(l.startswith("caspian_prisma.query") for l in lines) and any(l.startswith("caspian_prisma.info") for l in lines), lines
    set_config(path, log_level="error")
    lines = [l for l in client(path, env, LOGGED).splitlines() if l.startswith("caspian_prisma.")]
    assert len(lines) == 1 and lines[0].startswith("caspian_prisma.error ERROR"), lines


def test_config_warnings_and_errors(e2e, tmp_path):
    path, env = new_project(e2e, "sqlite", tmp_path, "cfg")
    cfg = os.path.join(path, "prisma.config.ts")
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write(text.replace("  client: {", "  clinet: { logLevel: \"query\" },\n  client: {"))
    proc = e2e.ppy("validate", cwd=path, env=env)
    assert re.search(r"warn prisma\.config\.ts:\d+: unknown key `clinet`", proc.stderr), proc.stderr
    with open(cfg, "w") as f:
        f.write(text.replace('import: "./prisma/seed.py",', 'import: "./prisma/seed.py,'))
    proc = run(shutil.which("ppy"), "db", "seed", cwd=path, env=env, check=False)
    assert proc.returncode == 1 and re.search(r"prisma\.config\.ts:\d+: unterminated string", proc.stderr), proc.stderr


@pytest.fixture(scope="module")
def packed_shim(tmp_path_factory):
    npm = shutil.which("npm")
    if not shutil.which("node") or not npm or not shutil.which("npx"):
        pytest.skip("node/npm is not installed")
    dest = str(tmp_path_factory.mktemp("npm"))
    proc = subprocess.run([npm, "pack", os.path.join(REPO, "npm"), "--pack-destination", dest],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        pytest.skip(f"npm pack failed: {proc.stderr}")
    (tgz,) = [f for f in os.listdir(dest) if f.endswith(".tgz")]
    return os.path.join(dest, tgz)


def test_npx_shim(packed_shim, e2e, tmp_path):
    path, env = new_project(e2e, "sqlite", tmp_path, "npx")
    npx = shutil.which("npx")
    spec = "file:" + packed_shim
    ppy = shutil.which("ppy")
    bare = os.pathsep.join(d for d in os.environ.get("PATH", "").split(os.pathsep)
                           if d and not os.path.exists(os.path.join(d, "ppy")))
    env = {**env, "npm_config_update_notifier": "false"}
    # ppy on PATH: arguments, output and exit code go through.
    out = run(npx, "--yes", spec, "generate", cwd=path, env=env).stdout
    assert "Generated Prisma Client for Python" in out
    bad = run(npx, "--yes", spec, "db", "nope", cwd=path, env=env, check=False)
    assert bad.returncode == 2 and "Unknown command: ppy db nope" in bad.stderr
    # The project's .venv/bin/ppy wins, with nothing on PATH.
    venv_bin = os.path.join(path, ".venv", "bin")
    os.makedirs(venv_bin)
    with open(os.path.join(venv_bin, "ppy"), "w") as f:
        f.write(f"#!{sys.executable}\nimport sys\nprint('from the project venv', file=sys.stderr)\n"
                "from caspian_prisma.cli import main\nmain()\n")
    os.chmod(os.path.join(venv_bin, "ppy"), 0o755)
    proc = run(npx, "--yes", spec, "validate", cwd=os.path.join(path, "prisma"), env={**env, "PATH": bare})
    assert "from the project venv" in proc.stderr and "is valid" in proc.stdout
    # Neither: a clear message (the system Python has no caspian_prisma).
    shutil.rmtree(os.path.join(path, ".venv"))
    proc = run(npx, "--yes", spec, "generate", cwd=path, env={**env, "PATH": bare}, check=False)
    if "import caspian_prisma" in proc.stderr or proc.returncode == 0:
        pytest.skip("a system Python has caspian_prisma installed")
    assert proc.returncode == 1 and "the Python package caspian-prisma is not installed" in proc.stderr, proc.stderr
    assert ppy  # the installed one stayed untouched
