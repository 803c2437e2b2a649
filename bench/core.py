"""Dataset, seeding, per-stack database copies and the measuring loop.

The data: USERS users, each with POSTS_PER_USER posts; every post sits in
CATS_PER_POST of CATEGORIES categories (Prisma's implicit many-to-many table
`_CategoryToPost`, A = Category.id, B = Post.id). Seeded once with the raw
driver into a base database that `ppy db push` created; every stack then gets
its own copy.

SQLite settings, equal for every stack: journal_mode=WAL,
synchronous=NORMAL, busy_timeout=5000 ms, foreign_keys=ON (our adapter's
settings, engine/driver/sqlite/pool.go).
"""
from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

USERS = 1000
POSTS_PER_USER = 10
CATEGORIES = 20
CATS_PER_POST = 2
# Our SQLite pool is one writer plus 4 readers (engine/driver/sqlite; the
# engine ignores connection_limit on SQLite), so the SQLite peers get 5
# connections; on PostgreSQL every pool has --pool (10) connections.
SQLITE_POOL = 5
SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "NORMAL", "busy_timeout": 5000, "foreign_keys": "ON"}

BASE_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)


def ppy(*args: str, cwd: str, env: dict | None = None) -> None:
    proc = subprocess.run(["ppy", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"ppy {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def write_project(path: str, provider: str, url: str, schema_text: str | None = None) -> None:
    """A project folder: prisma/schema.prisma for `provider`, .env with `url`."""
    os.makedirs(os.path.join(path, "prisma"), exist_ok=True)
    if schema_text is None:
        with open(os.path.join(HERE, "schema.prisma")) as f:
            schema_text = f.read()
    schema_text = schema_text.replace('provider = "sqlite"', f'provider = "{provider}"')
    with open(os.path.join(path, "prisma", "schema.prisma"), "w") as f:
        f.write(schema_text)
    with open(os.path.join(path, ".env"), "w") as f:
        f.write(f'DATABASE_URL="{url}"\n')


def push_and_generate(path: str, base_url: str) -> None:
    """`ppy db push` into the base database (DATABASE_URL in the environment
    wins over .env), then `ppy generate` into <path>/src/lib/prisma."""
    env = dict(os.environ, DATABASE_URL=base_url)
    ppy("db", "push", "--force-reset", cwd=path, env=env)
    env.pop("DATABASE_URL")
    ppy("generate", cwd=path, env=env)


def import_client(path: str):
    """Imports <path>/src/lib/prisma/db.py as the page does and returns `prisma`.
    The working directory must stay `path` while the client runs (.env)."""
    for name in [m for m in sys.modules if m == "src" or m.startswith("src.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        return importlib.import_module("src.lib.prisma.db").prisma
    finally:
        sys.path.remove(path)


# ---- the rows -----------------------------------------------------------------

def seed_rows():
    """(users, posts, categories, links) as tuples in column order."""
    users = [(f"user{u}@bench.io", f"User {u}", 0, BASE_TIME + timedelta(seconds=u)) for u in range(1, USERS + 1)]
    cats = [(f"category {c}",) for c in range(1, CATEGORIES + 1)]
    posts, links = [], []
    pid = 0
    for u in range(1, USERS + 1):
        for k in range(POSTS_PER_USER):
            pid += 1
            posts.append((f"post {pid} by {u}", pid % 2 == 0, (pid * 7919) % 1000,
                          BASE_TIME + timedelta(milliseconds=pid * 10), u))
            for j in range(CATS_PER_POST):
                links.append(((pid + j * 7) % CATEGORIES + 1, pid))
    return users, posts, cats, links


def iso(dt: datetime) -> str:
    """DateTime as our SQLite adapter stores it: ISO 8601, milliseconds, +00:00."""
    return dt.isoformat(timespec="milliseconds")


def seed_sqlite(path: str) -> None:
    users, posts, cats, links = seed_rows()
    c = sqlite3.connect(path)
    with c:
        c.executemany('INSERT INTO "User" (email, name, "loginCount", "createdAt") VALUES (?,?,?,?)',
                      [(e, n, lc, iso(t)) for e, n, lc, t in users])
        c.executemany('INSERT INTO "Category" (name) VALUES (?)', cats)
        c.executemany('INSERT INTO "Post" (title, published, views, "createdAt", "authorId") VALUES (?,?,?,?,?)',
                      [(t, int(p), v, iso(ts), a) for t, p, v, ts, a in posts])
        c.executemany('INSERT INTO "_CategoryToPost" ("A", "B") VALUES (?,?)', links)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.execute("ANALYZE")
    c.close()


def sqlite_copy(base: str, name: str) -> str:
    """A copy of the seeded base file for one stack. (Two SQLite libraries on
    one WAL file in one process do not mix: the system library's shm lock
    makes ours fail with SQLITE_PROTOCOL; separate files also keep writes apart.)"""
    dst = os.path.join(os.path.dirname(base), f"{name}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(base, dst)
    return dst


def pg_server(url: str) -> str:
    """postgresql://u:p@h:port/db?x -> postgresql://u:p@h:port"""
    return url.split("?", 1)[0].rsplit("/", 1)[0]


def pg_dsn(url: str) -> str:
    return url.split("?", 1)[0].replace("postgresql://", "postgres://", 1)


async def seed_pg(base_url: str) -> None:
    import asyncpg
    users, posts, cats, links = seed_rows()
    c = await asyncpg.connect(pg_dsn(base_url))
    try:
        naive = lambda t: t.replace(tzinfo=None)  # noqa: E731 - Prisma's DateTime is timestamp(3) in UTC
        await c.copy_records_to_table("User", records=[(e, n, lc, naive(t)) for e, n, lc, t in users],
                                      columns=["email", "name", "loginCount", "createdAt"])
        await c.copy_records_to_table("Category", records=cats, columns=["name"])
        await c.copy_records_to_table("Post", records=[(t, p, v, naive(ts), a) for t, p, v, ts, a in posts],
                                      columns=["title", "published", "views", "createdAt", "authorId"])
        await c.copy_records_to_table("_CategoryToPost", records=links, columns=["A", "B"])
        for table in ("User", "Post", "Category"):
            await c.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f"(SELECT max(id) FROM \"{table}\"))")
        await c.execute("ANALYZE")
    finally:
        await c.close()


async def pg_clone(server: str, base_db: str, name: str) -> str:
    """CREATE DATABASE <name> TEMPLATE <base_db>; returns its URL."""
    import asyncpg
    admin = await asyncpg.connect(pg_dsn(server + "/postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base_db}"')
    finally:
        await admin.close()
    return f"{server}/{name}"


async def pg_drop(server: str, names: list[str]) -> None:
    import asyncpg
    admin = await asyncpg.connect(pg_dsn(server + "/postgres"))
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


# ---- measuring ------------------------------------------------------------------

async def measure(op, concurrency: int, seconds: float, warmup: int = 20) -> tuple[int, float]:
    """Runs op(i) from `concurrency` tasks for about `seconds` after `warmup`
    calls; returns (completed ops, elapsed seconds). An exception ends the run."""
    for i in range(warmup):
        await op(i)
    done = 0
    counter = iter(range(warmup, 10**12))
    stop = time.perf_counter() + seconds

    async def worker():
        # At least one op each: a slice whose loop was held up past its end
        # before the workers ran (a loaded machine, a 50 ms --quick slice)
        # must not count zero ops.
        nonlocal done
        while True:
            await op(next(counter))
            done += 1
            if time.perf_counter() >= stop:
                break

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done, time.perf_counter() - start


def stop_stray_aiosqlite() -> None:
    """Stops the worker thread of every aiosqlite connection a peer library
    left open (seen now and then after the SQLite rows: one such thread is
    not a daemon and keeps the interpreter from exiting), and says so on
    stderr. Ours uses no aiosqlite."""
    import gc
    try:
        import aiosqlite
    except ImportError:
        return
    stray = [c for c in gc.get_objects() if isinstance(c, aiosqlite.Connection) and c._thread.is_alive()]
    for c in stray:
        c._tx.put_nowait((None, lambda: aiosqlite.core._STOP_RUNNING_SENTINEL))
    if stray:
        print(f"bench: stopped {len(stray)} aiosqlite connection thread(s) a peer library left open", file=sys.stderr)
