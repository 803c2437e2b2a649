"""Soak: N point queries through our client on SQLite, with the process's RSS
sampled as they run, to show whether memory grows with the number of queries.

`bench/run.py --soak N` (default 1,000,000 with `make soak`) prints the samples
and the RSS slope in MB per 100,000 queries (a least-squares line through the
samples after the first WARMUP of the queries, while caches, pools and the
allocator settle), and writes them as JSON. A harness, not a test: nothing is
asserted; a slope near 0 means flat memory.
"""
from __future__ import annotations

import asyncio
import os
import random
import resource
import sys
import time
from typing import Dict, List, Tuple

SAMPLES = 40  # RSS samples over the run
WARMUP = 0.1  # share of the queries left out of the slope
SEED_ROWS = 1000


def rss_mb() -> float:
    """The resident set size now (Linux /proc), else the peak so far."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def slope_per_100k(points: List[Tuple[int, float]]) -> float:
    """Least-squares slope of RSS (MB) against queries, per 100,000 queries."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(q for q, _ in points) / n
    my = sum(r for _, r in points) / n
    sxx = sum((q - mx) ** 2 for q, _ in points)
    if sxx == 0:
        return 0.0
    sxy = sum((q - mx) * (r - my) for q, r in points)
    return sxy / sxx * 100_000


async def soak(prisma, total: int, concurrency: int) -> Dict[str, object]:
    """Runs `total` find_unique-by-id queries from `concurrency` tasks."""
    await prisma.user.create_many(data=[{"email": f"soak{i}@x.io", "name": f"seed{i}"} for i in range(SEED_ROWS)])
    step = max(1, total // SAMPLES)
    samples: List[Tuple[int, float]] = [(0, rss_mb())]
    done = 0
    next_sample = step
    start = time.perf_counter()

    async def worker(n: int) -> None:
        nonlocal done, next_sample
        for _ in range(n):
            row = await prisma.user.find_unique(where={"id": random.randint(1, SEED_ROWS)})
            assert row is not None
            done += 1
            if done >= next_sample:
                next_sample += step
                samples.append((done, rss_mb()))
                print(f"soak {done:>10,} queries  RSS {samples[-1][1]:8.1f} MB  "
                      f"{done / (time.perf_counter() - start):9.0f}/s", flush=True)

    share, rest = divmod(total, concurrency)
    await asyncio.gather(*(worker(share + (1 if i < rest else 0)) for i in range(concurrency)))
    seconds = time.perf_counter() - start
    if samples[-1][0] != done:
        samples.append((done, rss_mb()))
    settled = [p for p in samples if p[0] >= total * WARMUP]
    return {
        "queries": done,
        "concurrency": concurrency,
        "seconds": round(seconds, 2),
        "queries_per_second": round(done / seconds, 1) if seconds else None,
        "rss_mb_samples": [[q, round(r, 2)] for q, r in samples],
        "rss_mb_start": round(samples[0][1], 2),
        "rss_mb_end": round(samples[-1][1], 2),
        "rss_mb_max": round(max(r for _, r in samples), 2),
        "rss_slope_mb_per_100k": round(slope_per_100k(settled), 4),
        "slope_from_query": settled[0][0] if settled else None,
    }


async def run(total: int, concurrency: int) -> Dict[str, object]:
    """The soak in a throwaway SQLite project with the bench's schema."""
    import shutil
    import tempfile

    from bench import core

    cwd = os.getcwd()
    path = tempfile.mkdtemp(prefix="cp-soak-")
    try:
        core.write_project(path, "sqlite", "file:./soak.db")
        core.push_and_generate(path, "file:./soak.db")
        os.chdir(path)
        prisma = core.import_client(path)
        try:
            return await soak(prisma, total, concurrency)
        finally:
            await prisma.disconnect()
    finally:
        os.chdir(cwd)
        shutil.rmtree(path, ignore_errors=True)
