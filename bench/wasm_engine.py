"""WebAssembly engine rows (SQLite): the same client and workloads with the
engine forced to the module (wasmtime) and to the native library, each side
in a fresh subprocess (the engine is chosen once per process), on copies of
the same database; then cold start (import + first query) for each.

Run as `python -m bench.wasm_engine <engine> <project> <url> <seconds>` it is
the child; run_all() is the parent the bench calls. Skipped, with a note,
when the module (make wasm) or wasmtime is missing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from bench import core

WORKLOADS = [("point", "point lookup (find_unique by id)"), ("list", "find_many 100 rows, filter + order"),
             ("create", "create")]
CONCURRENCY = [1, 64]


def module() -> str:
    return os.environ.get("CASPIAN_PRISMA_WASM") or os.path.join(core.ROOT, "build", "wasm", "caspian_prisma.wasm")


def _child(engine: str, project: str, seconds: float) -> dict:
    import asyncio

    t0 = time.perf_counter()
    sys.path.insert(0, project)
    from src.lib.prisma.db import prisma  # noqa: E402

    from bench.ours import Ours
    from bench.workloads import make_op
    t_import = time.perf_counter() - t0

    async def go() -> dict:
        t1 = time.perf_counter()
        await prisma.user.find_unique(where={"id": 1})
        out: dict = {"engine": engine, "import_ms": t_import * 1000, "first_query_ms": (time.perf_counter() - t1) * 1000,
                     "ops": {}}
        ours = Ours(prisma)
        for key, _ in WORKLOADS:
            for conc in CONCURRENCY:
                n, took = await core.measure(make_op(ours, key), conc, seconds)
                out["ops"][f"{key}@{conc}"] = n / took
        await prisma.disconnect()
        return out

    return asyncio.run(go())


def _spawn(engine: str, project: str, url: str, seconds: float) -> dict:
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=core.ROOT, CASPIAN_PRISMA_ENGINE=engine,
               CASPIAN_PRISMA_WASM=module())
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.wasm_engine", engine, project, url, str(seconds)], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600 + 12 * seconds * 4)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_ms"] = (time.perf_counter() - start) * 1000
    return out


def run_all(project: str, targets: dict, args, notes: list) -> list[dict]:
    """Rows {workload, conc, native, wasm, ratio} and two cold-start rows."""
    if not os.path.exists(module()):
        notes.append(f"sqlite: WebAssembly rows left out: no module at {module()} (make wasm)")
        return []
    try:
        import wasmtime  # noqa: F401
    except ImportError:
        notes.append("sqlite: WebAssembly rows left out: wasmtime is not installed")
        return []
    seconds = max(args.seconds, 0.2)
    try:
        # A first wasm run compiles the module into wasmtime's cache; the
        # measured ones load it from there, as an app's second start does.
        _spawn("wasm", project, f"file:{targets['wasm_warm']}", 0.05)
        sides = {e: _spawn(e, project, f"file:{targets['wasm_' + e]}", seconds) for e in ("native", "wasm")}
    except Exception as e:  # noqa: BLE001 - a row that says why beats a crashed bench
        notes.append(f"sqlite: WebAssembly rows left out: {type(e).__name__}: {e}")
        return []
    rows = []
    for key, label in WORKLOADS:
        for conc in CONCURRENCY:
            nat, was = sides["native"]["ops"][f"{key}@{conc}"], sides["wasm"]["ops"][f"{key}@{conc}"]
            rows.append({"provider": "sqlite", "workload": label, "conc": conc, "native": nat, "wasm": was,
                         "ratio": was / nat if nat else None})
    for e in ("native", "wasm"):
        s = sides[e]
        rows.append({"provider": "sqlite", "workload": f"cold start ({e})", "conc": None, "import_ms": s["import_ms"],
                     "first_query_ms": s["first_query_ms"]})
    return rows


def print_rows(rows: list[dict]) -> None:
    if not rows:
        return
    print("\nWebAssembly engine (SQLite), ops/s, wasm ÷ native")
    for r in rows:
        if r["conc"] is None:
            print(f"  {r['workload']:<38} import {r['import_ms']:.0f} ms, first query {r['first_query_ms']:.0f} ms")
        else:
            print(f"  {r['workload']:<38} c={r['conc']:<3} native {r['native']:>9,.0f}  wasm {r['wasm']:>9,.0f}  "
                  f"{r['ratio']:.2f}×")


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2], float(sys.argv[4]))))
