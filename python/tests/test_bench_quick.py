"""The bench harness runs: `bench/run.py --quick` completes on SQLite (and
PostgreSQL when CASPIAN_TEST_POSTGRES_URL is set) and writes JSON with every
expected row. It checks that numbers exist, never what they are: speed is the
bench's business (`make bench`), not a test's."""
import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# What bench/ imports beyond the test set (Makefile BENCH_PKGS; `make test` installs them).
BENCH_MODULES = ["sqlalchemy", "greenlet", "tortoise", "piccolo", "starlette", "uvicorn", "matplotlib", "aiosqlite", "asyncpg"]
WORKLOADS = 7
CONCURRENCY = 2


def test_bench_quick_writes_every_row(tmp_path):
    missing = [m for m in BENCH_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"bench dependencies not installed ({', '.join(missing)}): `make bench-deps` installs them")
    if not shutil.which("ppy"):
        pytest.fail("ppy is not on PATH: install the wheel (make install)")
    pg = bool(os.environ.get("CASPIAN_TEST_POSTGRES_URL"))
    providers = ["sqlite"] + (["postgresql"] if pg else [])
    out = tmp_path / "quick.json"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run.py"), "--quick",
                           "--providers", ",".join(providers), "--out", str(out)],
                          capture_output=True, text=True, timeout=240, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text())
    assert (tmp_path / "quick.png").stat().st_size > 0

    orms = ["SQLAlchemy", "Tortoise", "Piccolo"]
    peers = {"sqlite": ["aiosqlite"] + orms, "postgresql": ["asyncpg"] + orms}
    for provider in providers:
        rows = [r for r in data["rows"] if r["provider"] == provider]
        for peer in peers[provider]:
            got = [r for r in rows if r["peer"] == peer]
            assert len(got) == WORKLOADS * CONCURRENCY, (provider, peer, [r["workload"] for r in got])
        join = [r for r in rows if r["peer"] == "ours (join)"]
        assert [r["workload"] for r in join] == ["nested read (user, 10 posts, categories)"] * CONCURRENCY, join
        if provider == "sqlite":
            assert [r["concurrency"] for r in rows if r["peer"] == "sqlite3 (sync)"] == [1]
        for r in rows:
            assert not r.get("error"), r
            assert r["ours_ops"] > 0 and r["peer_ops"] > 0 and r["ratio"] is not None, r
        extras = [e for e in data["extras"] if e["provider"] == provider]
        assert len(extras) == 3 and not any(e.get("error") for e in extras), extras
        agents = [a for a in data["agents"] if a["provider"] == provider]
        assert {a["stack"] for a in agents} == {"caspian-prisma", "SQLAlchemy"}, agents
        for a in agents:
            assert not a.get("error") and a["requests"] > 0 and a["errors"] == 0, a


def test_bench_hooks_quick_writes_every_row(tmp_path):
    """bench/hooks.py (the cost of middleware, computed fields and tracing)
    runs and reports every configuration; it needs no bench-deps."""
    if not shutil.which("ppy"):
        pytest.fail("ppy is not on PATH: install the wheel (make install)")
    out = tmp_path / "hooks.json"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "hooks.py"), "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=240, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = json.loads(out.read_text())["rows"]
    assert [r["config"] for r in rows] == ["none", "middleware", "extension", "tracing", "all"]
    assert all(r["us_per_op"] > 0 for r in rows)
