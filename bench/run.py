"""Bench v0: our client against the raw async drivers, in one run.

Workloads: point lookup by id, a 100-row find_many, and create; each at
concurrency 1 and 64, for SQLite (peer: aiosqlite) and PostgreSQL (peer:
asyncpg, when CASPIAN_TEST_POSTGRES_URL is set). Prints a table and writes
bench/results/latest.json: a list of {workload, provider, concurrency,
ours_ops, peer, peer_ops, ratio}, ratio = ours_ops / peer_ops.

This is a harness, not a test: the machines are noisy, so only ratios taken in
the same run mean anything. `make bench` runs it.

`--soak [N]` runs the soak instead (bench/soak.py): N point queries (default
1,000,000) through our client on SQLite, with RSS samples and the RSS slope in
MB per 100k queries, written to bench/results/soak.json. `make soak` runs it.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 1000  # rows seeded before the read workloads


def ppy(*args, cwd):
    subprocess.run(["ppy", *args], cwd=cwd, check=True, capture_output=True, text=True)


def make_project(provider: str, url: str) -> tuple[str, object]:
    path = tempfile.mkdtemp(prefix=f"cp-bench-{provider}-")
    os.makedirs(os.path.join(path, "prisma"))
    with open(os.path.join(HERE, "schema.prisma")) as f:
        text = f.read().replace('provider = "sqlite"', f'provider = "{provider}"')
    with open(os.path.join(path, "prisma", "schema.prisma"), "w") as f:
        f.write(text)
    with open(os.path.join(path, ".env"), "w") as f:
        f.write(f'DATABASE_URL="{url}"\n')
    env_url = os.environ.pop("DATABASE_URL", None)
    ppy("db", "push", "--force-reset", cwd=path)
    ppy("generate", cwd=path)
    for name in [m for m in sys.modules if m == "src" or m.startswith("src.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    os.chdir(path)
    mod = importlib.import_module("src.lib.prisma.db")
    sys.path.remove(path)
    if env_url is not None:
        os.environ["DATABASE_URL"] = env_url
    return path, mod.prisma


async def measure(op, concurrency: int, seconds: float) -> float:
    """Runs op() from `concurrency` tasks for about `seconds`; returns ops/s."""
    done = 0
    stop = time.perf_counter() + seconds

    async def worker():
        nonlocal done
        while time.perf_counter() < stop:
            await op()
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - start)


class Ours:
    name = "caspian-prisma"

    def __init__(self, prisma):
        self.p = prisma

    async def point(self, i):
        return await self.p.item.find_unique(where={"id": i})

    async def many(self, _):
        return await self.p.item.find_many(take=100)

    async def create(self, i):
        return await self.p.item.create(data={"name": f"n{i}", "value": i})


class AioSqlite:
    name = "aiosqlite"

    def __init__(self, conn):
        self.c = conn

    async def point(self, i):
        async with self.c.execute('SELECT id, name, value, createdAt FROM "Item" WHERE id = ?', (i,)) as cur:
            return await cur.fetchone()

    async def many(self, _):
        async with self.c.execute('SELECT id, name, value, createdAt FROM "Item" ORDER BY id LIMIT 100') as cur:
            return await cur.fetchall()

    async def seed(self, n):
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        await self.c.executemany('INSERT INTO "Item" (name, value, createdAt) VALUES (?, ?, ?)',
                                 [(f"seed{i}", i, now) for i in range(n)])
        await self.c.commit()

    async def create(self, i):
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        async with self.c.execute('INSERT INTO "Item" (name, value, createdAt) VALUES (?, ?, ?) '
                                  'RETURNING id, name, value, createdAt', (f"n{i}", i, now)) as cur:
            row = await cur.fetchone()
        await self.c.commit()
        return row


class AsyncPG:
    name = "asyncpg"

    def __init__(self, pool):
        self.pool = pool

    async def seed(self, n):
        await self.pool.executemany('INSERT INTO "Item" (name, value, "createdAt") VALUES ($1, $2, now())',
                                    [(f"seed{i}", i) for i in range(n)])

    async def point(self, i):
        return await self.pool.fetchrow('SELECT id, name, value, "createdAt" FROM "Item" WHERE id = $1', i)

    async def many(self, _):
        return await self.pool.fetch('SELECT id, name, value, "createdAt" FROM "Item" ORDER BY id LIMIT 100')

    async def create(self, i):
        return await self.pool.fetchrow('INSERT INTO "Item" (name, value, "createdAt") VALUES ($1, $2, now()) '
                                        'RETURNING id, name, value, "createdAt"', f"n{i}", i)


async def run_provider(provider, prisma, peer, seconds, results):
    ours = Ours(prisma)
    await prisma.item.create_many(data=[{"name": f"seed{i}", "value": i} for i in range(ROWS)])
    await peer.seed(ROWS)
    counter = iter(range(10**9))
    for workload in ("point", "many", "create"):
        for conc in (1, 64):
            row = {"workload": {"point": "find_unique by id", "many": "find_many 100 rows",
                                "create": "create"}[workload],
                   "provider": provider, "concurrency": conc, "peer": peer.name}
            for who, key in ((ours, "ours_ops"), (peer, "peer_ops")):
                fn = getattr(who, workload)
                await fn(1)  # warm up
                row[key] = round(await measure(lambda: fn(random.randint(1, ROWS) if workload == "point"
                                                          else next(counter)), conc, seconds), 1)
            row["ratio"] = round(row["ours_ops"] / row["peer_ops"], 3) if row["peer_ops"] else None
            results.append(row)
            print(f"{provider:10} {row['workload']:20} c={conc:<3} ours {row['ours_ops']:>9.1f}/s  "
                  f"{peer.name} {row['peer_ops']:>9.1f}/s  ratio {row['ratio']}", flush=True)


async def main_async(args):
    results = []
    cwd = os.getcwd()
    # SQLite: ours and aiosqlite each on their own copy of the pushed file.
    # (Two SQLite libraries on one WAL file in one process do not mix: the
    # system library's shm lock makes ours fail with SQLITE_PROTOCOL.)
    path, prisma = make_project("sqlite", "file:./prisma/bench.db")
    import aiosqlite
    peer_db = os.path.join(path, "prisma", "peer.db")
    shutil.copyfile(os.path.join(path, "prisma", "bench.db"), peer_db)
    conn = await aiosqlite.connect(peer_db)
    # The same settings as our SQLite adapter, so create compares like with like.
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA busy_timeout=5000")
    try:
        await run_provider("sqlite", prisma, AioSqlite(conn), args.seconds, results)
    finally:
        await conn.close()
        await prisma.disconnect()
        os.chdir(cwd)
        shutil.rmtree(path, ignore_errors=True)
    base = os.environ.get("CASPIAN_TEST_POSTGRES_URL")
    if base:
        # Two databases on one server, so neither client reads the other's rows.
        server = base.rsplit("/", 1)[0]
        path, prisma = make_project("postgresql", server + f"/cp_bench_ours?connection_limit={args.pool}")
        peer_path, _ = make_project("postgresql", server + "/cp_bench_peer")
        shutil.rmtree(peer_path, ignore_errors=True)
        os.chdir(path)
        import asyncpg
        pool = await asyncpg.create_pool(server.replace("postgresql://", "postgres://") + "/cp_bench_peer",
                                         min_size=args.pool, max_size=args.pool)
        try:
            await run_provider("postgresql", prisma, AsyncPG(pool), args.seconds, results)
        finally:
            await pool.close()
            await prisma.disconnect()
            os.chdir(cwd)
            shutil.rmtree(path, ignore_errors=True)
    else:
        print("CASPIAN_TEST_POSTGRES_URL is not set: PostgreSQL skipped", file=sys.stderr)
    return results


async def soak_async(args):
    import soak
    cwd = os.getcwd()
    path, prisma = make_project("sqlite", "file:./prisma/soak.db")
    try:
        return await soak.soak(prisma, args.soak, args.concurrency)
    finally:
        await prisma.disconnect()
        os.chdir(cwd)
        shutil.rmtree(path, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    ap.add_argument("--pool", type=int, default=10, help="connections per PostgreSQL pool, ours and asyncpg's (default 10)")
    ap.add_argument("--soak", type=int, nargs="?", const=1_000_000, metavar="N",
                    help="instead of the bench, N point queries on SQLite with RSS samples (default N 1,000,000)")
    ap.add_argument("--concurrency", type=int, default=8, help="tasks issuing the soak's queries (default 8)")
    ap.add_argument("--out", help="the JSON file written (default bench/results/latest.json, soak.json for --soak)")
    args = ap.parse_args()
    if args.soak is not None:
        if args.soak < 1 or args.concurrency < 1:
            ap.error("--soak and --concurrency must be at least 1")
        results = asyncio.run(soak_async(args))
        print(f"soak: {results['queries']:,} queries in {results['seconds']} s, RSS {results['rss_mb_start']} -> "
              f"{results['rss_mb_end']} MB (max {results['rss_mb_max']}), slope "
              f"{results['rss_slope_mb_per_100k']} MB per 100k queries after query {results['slope_from_query']:,}")
    else:
        results = asyncio.run(main_async(args))
    if args.out is None:
        args.out = os.path.join(HERE, "results", "soak.json" if args.soak is not None else "latest.json")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
