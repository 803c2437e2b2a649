"""The extras, each in a fresh subprocess so its clock and memory are its own:

- cold start: import of a generated 100-model client, then the first query
  (connect included); --cold-runs runs, medians;
- RSS after --rss-queries point lookups (64 tasks), against the RSS after a
  1,000-query warm-up: a leak shows as growth;
- --awaits point lookups launched at once with asyncio.gather: total time and
  peak RSS (ru_maxrss) against the RSS before.

Run as `python -m bench.extras <mode> ...` it is the child; run_all() is the
parent the bench calls.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from bench import core

COLD_MODELS = 100


def cold_schema() -> str:
    """100 models, each with a few scalar columns and a relation to the
    previous one, like a mid-sized app."""
    out = ['datasource db {\n  provider = "sqlite"\n}\n']
    for i in range(COLD_MODELS):
        rel = ""
        if i > 0:
            rel = (f"  parentId  Int?\n  parent    Model{i - 1}? @relation(fields: [parentId], references: [id])\n")
        back = f"  children  Model{i + 1}[]\n" if i < COLD_MODELS - 1 else ""
        out.append(f"model Model{i} {{\n  id        Int      @id @default(autoincrement())\n"
                   f"  name      String\n  value     Int      @default(0)\n  note      String?\n"
                   f"  createdAt DateTime @default(now())\n{rel}{back}}}\n")
    return "\n".join(out)


def _child(mode: str, project: str, url: str, n: int) -> dict:
    """Runs in the subprocess: cwd is the project, DATABASE_URL names the database."""
    import asyncio
    import threading

    def rss_mb() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    t0 = time.perf_counter()
    sys.path.insert(0, project)
    from src.lib.prisma.db import prisma  # noqa: E402  (the page's import, timed)
    t_import = time.perf_counter() - t0

    async def go() -> dict:
        if mode == "cold":
            t1 = time.perf_counter()
            await prisma.model0.find_first()
            first = time.perf_counter() - t1
            await prisma.disconnect()
            return {"import_ms": t_import * 1000, "first_query_ms": first * 1000}
        users = core.USERS
        if mode == "rss":
            async def worker(k: int, count: int):
                for j in range(count):
                    await prisma.user.find_unique(where={"id": (k * 7919 + j) % users + 1})
            await asyncio.gather(*(worker(k, 1000 // 64 + 1) for k in range(64)))
            before = rss_mb()
            t1 = time.perf_counter()
            await asyncio.gather(*(worker(k, n // 64) for k in range(64)))
            took = time.perf_counter() - t1
            after = rss_mb()
            await prisma.disconnect()
            return {"queries": n // 64 * 64, "rss_before_mb": before, "rss_after_mb": after,
                    "growth_mb": after - before, "seconds": took}
        if mode == "awaits":
            await prisma.user.find_unique(where={"id": 1})
            before = rss_mb()
            # ru_maxrss would report the import's peak; a thread samples the
            # RSS every 2 ms while the awaits run instead.
            peak, stop = [before], threading.Event()

            def sample():
                while not stop.wait(0.002):
                    peak.append(rss_mb())
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            t1 = time.perf_counter()
            got = await asyncio.gather(*(prisma.user.find_unique(where={"id": k % users + 1}) for k in range(n)))
            took = time.perf_counter() - t1
            stop.set()
            sampler.join()
            peak = max(peak + [rss_mb()])
            await prisma.disconnect()
            return {"awaits": n, "found": sum(1 for g in got if g is not None), "seconds": took,
                    "rss_before_mb": before, "peak_rss_mb": peak}
        raise ValueError(mode)

    return asyncio.run(go())


def _spawn(mode: str, project: str, url: str, n: int, timeout: float) -> dict:
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=core.ROOT)
    # An app's imports come from cached bytecode; a session that turned the
    # cache off would time the compiler instead (see the cold start's first run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.extras", mode, project, url, str(n)], cwd=project,
                          env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_ms"] = wall * 1000
    return out


def _url(provider: str, target: str, pool: int) -> str:
    return f"file:{target}" if provider == "sqlite" else f"{target}?connection_limit={pool}"


def run_all(provider: str, project: str, targets: dict, args) -> list[dict]:
    """The three extras for one provider; a failure is a row with `error`."""
    rows = []

    def add(name, fn, summary):
        row = {"provider": provider, "stack": "caspian-prisma", "name": name}
        try:
            row.update(fn())
            row["summary"] = summary(row)
        except Exception as e:
            row["error"] = f"{type(e).__name__}: {e}"
            row["summary"] = "! " + row["error"]
        rows.append(row)
        print(f"  {provider:<10} {name:<28} {row['summary']}", flush=True)

    def cold():
        path = os.path.join(os.path.dirname(project), f"{provider}-cold")
        url = _url(provider, targets["cold"], args.pool) if provider != "sqlite" else "file:./prisma/cold.db"
        core.write_project(path, provider, url, cold_schema())
        core.push_and_generate(path, url)
        # The first run compiles the generated modules to bytecode (a fresh
        # deploy); the median is over the runs after it.
        first = _spawn("cold", path, url, 0, 300)
        runs = [_spawn("cold", path, url, 0, 120) for _ in range(args.cold_runs)] or [first]
        med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
        return {"models": COLD_MODELS, "runs": len(runs), "import_ms": med("import_ms"),
                "first_query_ms": med("first_query_ms"), "process_ms": med("process_ms"),
                "first_run_import_ms": first["import_ms"], "runs_import_ms": [r["import_ms"] for r in runs]}

    add("cold start (100 models)", cold,
        lambda r: f"import {r['import_ms']:.0f} ms, first query {r['first_query_ms']:.0f} ms, "
                  f"whole process {r['process_ms']:.0f} ms (median of {r['runs']}; "
                  f"first import, compiling: {r['first_run_import_ms']:.0f} ms)")
    url = _url(provider, targets["extras"], args.pool)
    add(f"RSS after {args.rss_queries:,} queries", lambda: _spawn("rss", project, url, args.rss_queries, 900),
        lambda r: f"{r['rss_before_mb']:.1f} → {r['rss_after_mb']:.1f} MB ({r['growth_mb']:+.1f} MB) "
                  f"over {r['queries']:,} point lookups in {r['seconds']:.1f} s")
    add(f"{args.awaits:,} awaits at once", lambda: _spawn("awaits", project, url, args.awaits, 600),
        lambda r: f"{r['seconds'] * 1000:.0f} ms total, RSS {r['rss_before_mb']:.1f} MB before, "
                  f"peak {r['peak_rss_mb']:.1f} MB")
    return rows


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
