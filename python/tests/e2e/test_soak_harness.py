"""The soak harness (`bench/run.py --soak N`) runs and reports what it says it
reports. Only with a tiny N: the numbers of a real soak come from the bench
(`make soak`), never from a timed test."""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
N = 400


def test_soak_harness_runs(tmp_path):
    out = tmp_path / "soak.json"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run.py"), "--soak", str(N),
                           "--concurrency", "4", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MB per 100k queries" in proc.stdout
    r = json.loads(out.read_text())
    assert r["queries"] == N
    samples = r["rss_mb_samples"]
    assert samples[0][0] == 0 and samples[-1][0] == N
    assert len(samples) > 10
    assert all(q1 < q2 for (q1, _), (q2, _) in zip(samples, samples[1:]))
    assert all(rss > 0 for _, rss in samples)
    assert isinstance(r["rss_slope_mb_per_100k"], float)
