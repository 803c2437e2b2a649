"""What the hooks cost: a point read (`find_unique` by id) through our client
on SQLite, with no hook, one pass-through middleware, one computed field,
tracing (the OpenTelemetry SDK with a span processor that drops the spans,
so span creation is measured and no export), and all three.

The configurations take turns on one client and one database, round after
round, and each keeps its best round: the machine is noisy, and only these
ratios, taken in the same run, mean anything.

    python bench/hooks.py [--ops N] [--rounds R] [--out FILE] [--quick]

Needs `ppy` on PATH (make install) and opentelemetry-sdk (a DEV_PKGS of the
Makefile). Writes bench/results/hooks.json unless --out says otherwise.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import core  # noqa: E402

CONFIGS = ("none", "middleware", "extension", "tracing", "all")


def _tracer_provider():
    from opentelemetry.sdk.trace import SpanProcessor, TracerProvider

    class Drop(SpanProcessor):
        def on_end(self, span):  # the SDK made the span; nobody exports it
            pass

    provider = TracerProvider()
    provider.add_span_processor(Drop())
    return provider


def configure(prisma, name: str, provider) -> None:
    """Puts the client in configuration name (hooks of the others removed)."""
    prisma._core.middlewares.clear()
    prisma._core.extensions = None
    prisma.set_tracing(False)
    if name in ("middleware", "all"):
        async def passthrough(params, next):
            return await next(params)
        prisma.use(passthrough)
    if name in ("extension", "all"):
        prisma.extend_result("User", "display", needs=["name", "email"], compute=lambda u: f"{u.name} <{u.email}>")
    if name in ("tracing", "all"):
        prisma.set_tracing(provider)


async def measure(prisma, ops: int, rounds: int, users: int) -> dict:
    provider = _tracer_provider()
    best = {name: float("inf") for name in CONFIGS}
    for _ in range(rounds):
        for name in CONFIGS:
            configure(prisma, name, provider)
            start = time.perf_counter()
            for i in range(ops):
                await prisma.user.find_unique(where={"id": i % users + 1})
            best[name] = min(best[name], (time.perf_counter() - start) / ops * 1e6)
    configure(prisma, "none", provider)
    return best


async def main_async(args) -> dict:
    work = tempfile.mkdtemp(prefix="cp_bench_hooks_")
    core.write_project(work, "sqlite", "file:./prisma/bench.db")
    old = os.getcwd()
    os.chdir(work)
    try:
        core.push_and_generate(work, "file:./prisma/bench.db")
        prisma = core.import_client(work)
        users = 100
        await prisma.user.create_many(data=[{"email": f"u{i}@bench.io", "name": f"User {i}"} for i in range(users)])
        for _ in range(min(args.ops, 1000)):  # warm up: pool, caches
            await prisma.user.find_unique(where={"id": 1})
        best = await measure(prisma, args.ops, args.rounds, users)
        await prisma.disconnect()
    finally:
        os.chdir(old)
    base = best["none"]
    rows = [{"config": name, "us_per_op": round(v, 2), "vs_none_pct": round((v / base - 1) * 100, 1)} for name, v in best.items()]
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "ops": args.ops,
        "rounds": args.rounds,
        "rows": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ops", type=int, default=20000, help="point reads per configuration and round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(core.HERE, "results", "hooks.json"))
    ap.add_argument("--quick", action="store_true", help="a few hundred reads: proves it runs")
    args = ap.parse_args()
    if args.quick:
        args.ops, args.rounds = 200, 1
    result = asyncio.run(main_async(args))
    print(f"{'config':<12} {'us/op':>8} {'vs none':>8}")
    for r in result["rows"]:
        print(f"{r['config']:<12} {r['us_per_op']:>8.2f} {r['vs_none_pct']:>7.1f}%")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
