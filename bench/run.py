"""The bench: our generated client against the raw drivers and the ORMs, in one run.

Workloads (bench/workloads.py) at concurrency 1 and 64 on SQLite and, when
CASPIAN_TEST_POSTGRES_URL is set, PostgreSQL; peers: aiosqlite / asyncpg /
synchronous sqlite3 (raw), SQLAlchemy 2 async ORM, Tortoise ORM and Piccolo, and
ours with relation_load_strategy='join' on the nested read (its ratio is the
default 'query' strategy ÷ 'join'). Then the
extras (cold start of a 100-model client, RSS after many queries, 10,000
awaits at once) and the RPC-agent harness (Starlette on uvicorn, ours vs
SQLAlchemy). Prints a table, writes bench/results/latest.json and
bench/results/latest.png.

This is a harness, not a test: the machines are noisy, so only ratios taken in
the same run mean anything. `make bench` runs it; `--quick` only proves it
runs (python/tests/test_bench_quick.py).

`--workloads`, `--levels` and `--peers` pick rows; the sequential SQLite
floor alone (ours ÷ synchronous sqlite3, point lookup, concurrency 1):
`bench/run.py --providers sqlite --workloads point --levels 1 --peers sqlite3
--no-extras --no-agents --no-wasm --no-chart --out /tmp/point.json`.

`--soak [N]` runs the soak instead (bench/soak.py): N point queries (default
1,000,000) through our client on SQLite, with RSS samples and the RSS slope in
MB per 100k queries, written to bench/results/soak.json. `make soak` runs it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import core, report  # noqa: E402
from bench.ours import Ours, OursJoin  # noqa: E402
from bench.workloads import run_matrix  # noqa: E402

PG_BASE = "cp_bench_base"


def log_row(r: dict) -> None:
    print(report.row_line(r), flush=True)


async def open_peers(provider: str, targets: dict, pool: int, notes: list, only=None) -> list:
    """Opens every peer it can (those named in only, when given); a peer that
    cannot open is noted, not fatal."""
    from bench.peers import raw
    peers = []

    async def add(name, factory):
        if only is not None and name.lower() not in only:
            return
        try:
            peers.append(await factory())
        except Exception as e:
            notes.append(f"{provider}: {name} left out: {type(e).__name__}: {e}")

    async def sqla():
        from bench.peers.sqla import SQLAlchemy
        return SQLAlchemy(provider, targets["sqla"], pool if provider != "sqlite" else core.SQLITE_POOL)

    async def tortoise():
        from bench.peers.tortoise_peer import TortoiseORM
        return await TortoiseORM.open(provider, targets["tortoise"], pool)

    async def piccolo():
        from bench.peers.piccolo_peer import PiccoloORM
        return await PiccoloORM.open(provider, targets["piccolo"], pool)

    if provider == "sqlite":
        await add("aiosqlite", lambda: raw.AioSqlite.open(targets["raw"], core.SQLITE_POOL))

        async def sync():
            return raw.SyncSqlite3(targets["sync"])
        await add("sqlite3", sync)
    else:
        await add("asyncpg", lambda: raw.AsyncPG.open(core.pg_dsn(targets["raw"]), pool))
    await add("SQLAlchemy", sqla)
    await add("Tortoise", tortoise)
    await add("Piccolo", piccolo)
    return peers


async def run_provider(provider: str, workdir: str, args, data: dict) -> None:
    project = os.path.join(workdir, provider)
    names = ["ours", "raw", "sync", "sqla", "tortoise", "piccolo", "agents_ours", "agents_sqla", "extras", "cold"]
    if provider == "sqlite":
        names += ["wasm_warm", "wasm_native", "wasm_wasm"]
    if provider == "sqlite":
        write_url = "file:./prisma/ours.db"
        core.write_project(project, "sqlite", write_url)
        base = os.path.join(project, "prisma", "base.db")
        core.push_and_generate(project, "file:./prisma/base.db")
        core.seed_sqlite(base)
        targets = {n: core.sqlite_copy(base, n) for n in names}
        server = None
    else:
        server = core.pg_server(os.environ["CASPIAN_TEST_POSTGRES_URL"])
        # Every stack on plain TCP: the test server offers TLS (db-up.sh)
        # and each driver's default would take it, measuring the ciphers
        # as much as the client; asyncpg (all the peers) reads PGSSLMODE.
        os.environ["PGSSLMODE"] = "disable"
        core.write_project(project, "postgresql", f"{server}/cp_bench_ours?connection_limit={args.pool}&sslmode=disable")
        await core.pg_drop(server, [PG_BASE])
        core.push_and_generate(project, f"{server}/{PG_BASE}")
        await core.seed_pg(f"{server}/{PG_BASE}")
        targets = {n: await core.pg_clone(server, PG_BASE, f"cp_bench_{n}") for n in names}
    cwd = os.getcwd()
    os.chdir(project)  # the generated client reads <project>/.env
    try:
        ours = Ours(core.import_client(project))
        # The join strategy's nested read, beside the default's (bench/ours.py).
        only = None if args.peers is None else {p.strip().lower() for p in args.peers.split(",")}
        peers = [OursJoin(ours.p)] if only is None or "join" in only else []
        peers += await open_peers(provider, targets, args.pool, data["notes"], only)
        keys = None if args.workloads is None else {k.strip() for k in args.workloads.split(",")}
        levels = [int(c) for c in args.levels.split(",")]
        try:
            await run_matrix(provider, ours, peers, args.seconds, data["rows"], log_row, args.rounds,
                             2 if args.quick else 20, keys, levels)
        finally:
            for p in peers:
                await p.close()
            await ours.close()
        if not args.no_extras:
            from bench import extras
            data["extras"] += extras.run_all(provider, project, targets, args)
        if not args.no_agents:
            from bench import agents
            data["agents"] += await agents.run_all(provider, project, targets, args)
        if provider == "sqlite" and not args.no_wasm and not args.quick:
            # Not in --quick: the module's first compile alone takes ~40 s.
            from bench import wasm_engine
            data["wasm"] += wasm_engine.run_all(project, targets, args, data["notes"])
    finally:
        os.chdir(cwd)
        if server:
            await core.pg_drop(server, [PG_BASE] + [f"cp_bench_{n}" for n in names])


async def main_async(args) -> dict:
    data = {"meta": {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "python": sys.version.split()[0], "machine": platform.machine(), "cpus": os.cpu_count(),
                     "seconds_per_side": args.seconds, "rounds": args.rounds, "quick": args.quick, "pg_pool": args.pool,
                     "sqlite_pool": core.SQLITE_POOL, "sqlite_pragmas": core.SQLITE_PRAGMAS,
                     "data": {"users": core.USERS, "posts_per_user": core.POSTS_PER_USER,
                              "categories": core.CATEGORIES, "categories_per_post": core.CATS_PER_POST}},
            "rows": [], "extras": [], "agents": [], "wasm": [], "notes": []}
    providers = [p for p in args.providers.split(",") if p]
    workdir = tempfile.mkdtemp(prefix="cp-bench-")
    try:
        for provider in providers:
            if provider == "postgresql" and not os.environ.get("CASPIAN_TEST_POSTGRES_URL"):
                data["notes"].append("CASPIAN_TEST_POSTGRES_URL is not set: PostgreSQL skipped")
                continue
            t0 = time.perf_counter()
            await run_provider(provider, workdir, args, data)
            print(f"# {provider} done in {time.perf_counter() - t0:.0f} s", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return data


def soak_main(ap: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    from bench import soak

    if args.soak < 1 or args.concurrency < 1:
        ap.error("--soak and --concurrency must be at least 1")
    r = asyncio.run(soak.run(args.soak, args.concurrency))
    print(f"soak: {r['queries']:,} queries in {r['seconds']} s, RSS {r['rss_mb_start']} -> "
          f"{r['rss_mb_end']} MB (max {r['rss_mb_max']}), slope "
          f"{r['rss_slope_mb_per_100k']} MB per 100k queries after query {r['slope_from_query']:,}")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(r, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0,
                    help="time per side (ours, peer) of each row, split into --rounds slices (default 2)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating slices per row (default 3)")
    ap.add_argument("--pool", type=int, default=10, help="connections per PostgreSQL pool, every stack (default 10)")
    ap.add_argument("--providers", default="sqlite,postgresql", help="comma-separated (default sqlite,postgresql)")
    ap.add_argument("--agents", default="50,200", help="concurrent agents per RPC run, comma-separated (default 50,200)")
    ap.add_argument("--agent-seconds", type=float, default=5.0, help="time per RPC-agent run (default 5)")
    ap.add_argument("--rss-queries", type=int, default=100_000, help="queries before the RSS reading (default 100k)")
    ap.add_argument("--awaits", type=int, default=10_000, help="awaits launched at once (default 10k)")
    ap.add_argument("--cold-runs", type=int, default=5, help="cold-start runs after the first (compiling) one, median (default 5)")
    ap.add_argument("--workloads", help="only these workloads, comma-separated keys: point, list, nested, create, "
                    "update, count, tx (default all)")
    ap.add_argument("--levels", default="1,64", help="concurrencies of the workload rows, comma-separated (default 1,64)")
    ap.add_argument("--peers", help="only these peers, comma-separated: aiosqlite, sqlite3, asyncpg, SQLAlchemy, "
                    "Tortoise, Piccolo, join (ours with the join strategy) (default all)")
    ap.add_argument("--no-extras", action="store_true", help="skip cold start, RSS and the mass awaits")
    ap.add_argument("--no-agents", action="store_true", help="skip the RPC-agent harness")
    ap.add_argument("--no-wasm", action="store_true", help="skip the WebAssembly-engine rows (SQLite)")
    ap.add_argument("--no-chart", action="store_true", help="do not draw the PNG")
    ap.add_argument("--quick", action="store_true",
                    help="tiny durations and counts: proves the harness runs, measures nothing")
    ap.add_argument("--soak", type=int, nargs="?", const=1_000_000, metavar="N",
                    help="instead of the bench, N point queries on SQLite with RSS samples (default N 1,000,000)")
    ap.add_argument("--concurrency", type=int, default=8, help="tasks issuing the soak's queries (default 8)")
    ap.add_argument("--out", help="the JSON file written (default bench/results/latest.json, soak.json for --soak)")
    args = ap.parse_args()
    if args.out is None:
        args.out = os.path.join(core.HERE, "results", "soak.json" if args.soak is not None else "latest.json")
    if args.soak is not None:
        soak_main(ap, args)
        return
    if args.quick:
        args.seconds, args.rounds, args.agents, args.agent_seconds = 0.05, 1, "4", 0.3
        args.rss_queries, args.awaits, args.cold_runs = 500, 200, 0
    data = asyncio.run(main_async(args))
    report.print_table(data)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2, default=str)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")
    if not args.no_chart:
        from bench import chart
        png = os.path.splitext(args.out)[0] + ".png"
        chart.draw(data, png)
        print(f"wrote {png}")
    core.stop_stray_aiosqlite()


if __name__ == "__main__":
    main()
