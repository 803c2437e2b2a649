"""The RPC-agent harness: N concurrent agents against bench/agents_app.py on
uvicorn, one server subprocess per stack (ours, SQLAlchemy), loopback only.

Each agent holds one keep-alive HTTP/1.1 connection and loops for a fixed time
over a typical mix: read a user with its posts, list posts with a filter,
read another user, write in a transaction (2 reads : 1 list : 1 write).
Reported per stack and agent count: req/s, p50 and p99 latency, errors.

The load generator is raw asyncio streams, not httpx: on a 2-core machine the
generator shares the CPU with the server, and httpx's per-request cost
(~10x a hand-written request line + Content-Length read) would be measured
as much as the server. What it speaks is the narrow HTTP/1.1 the app answers:
fixed requests, Content-Length bodies, keep-alive.

Bounded: at most --agent-seconds per run plus a 30 s start-up wait; the
server is stopped (SIGTERM, then SIGKILL) whatever happens.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time

from bench import core

STARTUP_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn running bench.agents_app for one stack, as a subprocess."""

    def __init__(self, stack: str, provider: str, project: str, target: str, pool: int):
        self.port = _free_port()
        url = f"file:{target}" if provider == "sqlite" else f"{target}?connection_limit={pool}"
        env = dict(os.environ, BENCH_STACK=stack, BENCH_PROVIDER=provider, BENCH_TARGET=target,
                   BENCH_POOL=str(pool if provider != "sqlite" else core.SQLITE_POOL), BENCH_PROJECT=project,
                   DATABASE_URL=url, PYTHONPATH=core.ROOT)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bench.agents_app:app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--no-access-log"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.proc.stderr.read()[-500:]}")
            try:
                r, w = await asyncio.open_connection("127.0.0.1", self.port)
                w.close()
                return
            except OSError:
                await asyncio.sleep(0.1)
        raise TimeoutError(f"server not listening after {STARTUP_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def _requests(rng: random.Random, seq):
    """The agent's mix, forever: (method, path, body)."""
    while True:
        yield "GET", f"/users/{rng.randint(1, core.USERS)}", None
        yield "GET", f"/posts?min_views={rng.randint(0, 900)}", None
        yield "GET", f"/users/{rng.randint(1, core.USERS)}", None
        yield "POST", f"/users/{rng.randint(1, core.USERS)}/posts", json.dumps({"title": f"agent {next(seq)}"})


async def _agent(port: int, stop_at: float, rng: random.Random, seq, lat: list, errors: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for method, path, body in _requests(rng, seq):
            if time.perf_counter() >= stop_at:
                return
            data = body.encode() if body else b""
            head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n" if body else "")
                    + "\r\n").encode()
            t0 = time.perf_counter()
            writer.write(head + data)
            status = int((await reader.readline()).split()[1])
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t0)
            if status >= 400:
                errors.append(status)
    finally:
        writer.close()


async def load(port: int, agents: int, seconds: float) -> dict:
    """Runs `agents` agents for `seconds`; returns req/s, p50/p99 (ms), errors."""
    import itertools
    lat: list[float] = []
    errors: list = []
    seq = itertools.count(int(time.time() * 1000) % 10**9 * 1000)
    start = time.perf_counter()
    stop_at = start + seconds
    done = await asyncio.gather(*(_agent(port, stop_at, random.Random(k), seq, lat, errors) for k in range(agents)),
                                return_exceptions=True)
    took = time.perf_counter() - start
    failed = [d for d in done if isinstance(d, BaseException)]
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0.0  # noqa: E731
    out = {"requests": len(lat), "rps": round(len(lat) / took, 1), "p50_ms": round(pct(0.50), 2),
           "p99_ms": round(pct(0.99), 2), "errors": len(errors) + len(failed)}
    if failed:
        out["error"] = f"{len(failed)} agents failed: {type(failed[0]).__name__}: {failed[0]}"
    return out


async def run_all(provider: str, project: str, targets: dict, args) -> list[dict]:
    """Every stack × agent count for one provider; a stack that fails is a row with `error`."""
    counts = [int(n) for n in str(args.agents).split(",") if n]
    rows = []
    for stack, name, target in (("ours", "caspian-prisma", targets["agents_ours"]),
                                ("sqlalchemy", "SQLAlchemy", targets["agents_sqla"])):
        server = Server(stack, provider, project, target, args.pool)
        try:
            await server.wait_ready()
            await load(server.port, min(counts), min(1.0, args.agent_seconds))  # warm-up: connections, caches
            for n in counts:
                row = {"provider": provider, "stack": name, "agents": n, "seconds": args.agent_seconds}
                row.update(await load(server.port, n, args.agent_seconds))
                rows.append(row)
                print(f"  {provider:<10} agents {name:<15} n={n:<5} {row['rps']:>9,.0f} req/s  "
                      f"p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  errors {row['errors']}", flush=True)
        except Exception as e:
            rows += [{"provider": provider, "stack": name, "agents": n, "error": f"{type(e).__name__}: {e}"}
                     for n in counts]
            print(f"  {provider:<10} agents {name:<15} ! {type(e).__name__}: {e}", flush=True)
        finally:
            server.stop()
    return rows
