"""Where a sequential SQLite point lookup spends its time, layer by layer.

`find_unique(where={'id': i})` through the generated client is measured
beside the layers it is made of, each one adding one piece to the one
before, so each piece's cost is a difference of two medians:

  sqlite3        the synchronous stdlib module (the floor the bench compares with)
  cp_try         the library's export through ctypes, a prebuilt envelope, the
                 reply copied out and freed: the engine plus the C boundary
  try_inline     the same through _native.try_inline (the bridge's wrapper)
  +pack/unpack   the envelope packed from a dict and the reply unpacked (_codec)
  +model         the row made a model object (User._from_row)
  engine.request await Engine.request(...): the bridge's asyncio path, unwrapping
  client         await prisma.user.find_unique(...): the generated client and
                 its runtime, model objects back

Each round runs every layer for --calls calls, in an order rotated from
round to round, so that load coming and going on a shared machine falls on
every layer alike; the table gives each layer's median over the rounds (µs
per call) and its difference to the layer above (and the least of the
rounds: the floor in a quiet moment), in this thread's CPU time
(which a busy machine's preemptions do not inflate: an inline answer runs
on the calling thread, engine included) and in wall-clock time. A run of a
layer in which the engine answered some requests off this thread (after an
inline answer ran past its budget the engine stops answering inline for a
while) measured another path: it is left out, and the table says how many
rounds were kept. With --canned the engine is left out altogether (every
cp_try answers with one reply it gave before): the Python layers' costs
alone, without the engine's variance. A harness, not a test:
`python bench/layers.py` (with the venv's ppy on PATH).
"""
from __future__ import annotations

import argparse
import asyncio
import ctypes
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import core  # noqa: E402


def _setup(workdir: str):
    project = os.path.join(workdir, "sqlite")
    core.write_project(project, "sqlite", "file:./prisma/ours.db")
    base = os.path.join(project, "prisma", "base.db")
    core.push_and_generate(project, "file:./prisma/base.db")
    core.seed_sqlite(base)
    ours = core.sqlite_copy(base, "ours")
    sync = core.sqlite_copy(base, "sync")
    return project, ours, sync


def _layers(prisma, sync_path: str, fallbacks: list, canned: bool):
    """(name, kind, fn) for every layer: kind "sync" fn(uid) or "async" coroutine fn(uid).
    fallbacks[0] counts the lower layers' requests the engine did not answer inline.
    canned: the engine's answer is replaced by a reply it gave before (see --canned)."""
    from caspian_prisma import _codec, _native

    if canned:
        status, reply = _native.try_inline(
            prisma._core.get_engine()._open(),
            _codec.packb({"method": "query.execute",
                          "params": {"model": "User", "action": "findUnique", "args": {"where": {"id": 7}}}}))
        assert status == _native.OK, status

        def canned_try(handle, request, _reply=reply):
            return _native.OK, _reply

        _native.try_inline = canned_try

    conn = sqlite3.connect(sync_path, isolation_level=None, check_same_thread=False)
    for k, v in core.SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {k}={v}")
    sql = 'SELECT id, email, name, "loginCount", "createdAt" FROM "User" WHERE id = ?'

    engine = prisma._core.get_engine()
    handle = engine._open()
    lib = _native.load()
    cp_try, cp_free, string_at = lib.cp_try, lib.cp_free, ctypes.string_at
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    out_ref, n_ref = ctypes.byref(out), ctypes.byref(n)
    prebuilt = {
        uid: _codec.packb({"method": "query.execute",
                           "params": {"model": "User", "action": "findUnique", "args": {"where": {"id": uid}}}})
        for uid in range(1, core.USERS + 1)
    }
    try_inline, packb, unpackb = _native.try_inline, _codec.packb, _codec.unpackb
    user_cls = type(prisma.user).__prisma_class__
    from_row = user_cls._from_row

    def raw_sqlite(uid):
        return conn.execute(sql, (uid,)).fetchone()

    from caspian_prisma import _bridge

    channel = _bridge._channel_for(asyncio.get_running_loop())

    def later(env):
        # The engine answers LATER for a second after an inline try ran past
        # its budget (a stall of a loaded machine): answer as the bridge then
        # does, waiting on this thread, and count it.
        fallbacks[0] += 1
        while True:
            status, reply = _native.submit_wait(handle, channel.id, next(_bridge._ids), env)
            if reply is not None:
                return reply

    def raw_cp_try(uid):
        env = prebuilt[uid]
        if cp_try(handle, env, len(env), out_ref, n_ref) != 0:
            return later(env)
        try:
            return string_at(out, n.value)
        finally:
            cp_free(out)

    def wrapped(uid):
        env = prebuilt[uid]
        status, reply = try_inline(handle, env)
        return reply if reply is not None else later(env)

    def packed(uid):
        env = packb({"method": "query.execute",
                     "params": {"model": "User", "action": "findUnique", "args": {"where": {"id": uid}}}})
        status, reply = try_inline(handle, env)
        return unpackb(reply if reply is not None else later(env))["ok"]

    def modeled(uid):
        env = packb({"method": "query.execute",
                     "params": {"model": "User", "action": "findUnique", "args": {"where": {"id": uid}}}})
        status, reply = try_inline(handle, env)
        return from_row(unpackb(reply if reply is not None else later(env))["ok"])

    async def request(uid):
        return await engine.request("query.execute",
                                    {"model": "User", "action": "findUnique", "args": {"where": {"id": uid}}})

    async def client(uid):
        return await prisma.user.find_unique(where={"id": uid})

    return conn, [
        ("sqlite3", "sync", raw_sqlite),
        ("cp_try", "sync", raw_cp_try),
        ("try_inline", "sync", wrapped),
        ("+pack/unpack", "sync", packed),
        ("+model", "sync", modeled),
        ("engine.request", "async", request),
        ("client", "async", client),
    ]


async def _run_layer(kind: str, fn, uids) -> tuple:
    """(wall, cpu) µs per call over uids; cpu is this thread's CPU time, which
    time spent descheduled by a busy machine does not inflate (an inline
    answer runs on this thread, the engine's part included)."""
    clock, cpu = time.perf_counter_ns, time.thread_time_ns
    if kind == "sync":
        c0, t0 = cpu(), clock()
        for uid in uids:
            fn(uid)
        t1, c1 = clock(), cpu()
    else:
        c0, t0 = cpu(), clock()
        for uid in uids:
            await fn(uid)
        t1, c1 = clock(), cpu()
    return (t1 - t0) / len(uids) / 1000, (c1 - c0) / len(uids) / 1000


def _count_fallbacks(fallbacks: list) -> None:
    """Counts the requests the client's path did not have answered inline
    (cp_submit_wait, cp_submit), as `later` does for the lower layers."""
    from caspian_prisma import _native

    for name in ("submit", "submit_wait"):
        fn = getattr(_native, name)

        def counted(*a, _fn=fn):
            fallbacks[0] += 1
            return _fn(*a)

        setattr(_native, name, counted)


async def _main(args) -> None:
    workdir = tempfile.mkdtemp(prefix="cp-layers-")
    cwd = os.getcwd()
    try:
        project, _ours, sync = _setup(workdir)
        os.chdir(project)  # the generated client reads <project>/.env
        prisma = core.import_client(project)
        await prisma.user.find_unique(where={"id": 1})  # opens the engine
        fallbacks = [0]
        conn, layers = _layers(prisma, sync, fallbacks, args.canned)
        if args.canned:
            layers = [layer for layer in layers if layer[0] not in ("sqlite3", "cp_try")]
        if args.only:
            keep = set(args.only.split(","))
            layers = [layer for layer in layers if layer[0] in keep]
        rng = random.Random(1)
        uids = [rng.randint(1, core.USERS) if not args.same else 7 for _ in range(args.calls)]
        _count_fallbacks(fallbacks)
        for _name, kind, fn in layers:  # warm every path (plan cache, converters)
            await _run_layer(kind, fn, uids[:200])
        wall = {name: [] for name, _, _ in layers}
        cpu = {name: [] for name, _, _ in layers}
        dropped = {name: 0 for name, _, _ in layers}
        for r in range(args.rounds):
            k = r % len(layers)
            for name, kind, fn in layers[k:] + layers[:k]:
                before = fallbacks[0]
                w, c = await _run_layer(kind, fn, uids)
                if fallbacks[0] != before:
                    # The engine answered some of them off this thread (it
                    # backs off from inline answers for a while after one
                    # ran past its budget): not the path measured here.
                    dropped[name] += 1
                    continue
                wall[name].append(w)
                cpu[name].append(c)
        print(f"# {args.rounds} rounds x {args.calls} calls; µs per call, median over the rounds answered inline")
        print(f"{'layer':<15} {'cpu':>7} {'Δcpu':>7} {'wall':>7} {'Δwall':>7} {'min cpu':>8}  rounds")
        prev = None
        for name, _, _ in layers:
            if not cpu[name]:
                print(f"{name:<15} (every round had requests not answered inline)")
                prev = None
                continue
            c, w = statistics.median(cpu[name]), statistics.median(wall[name])
            dc = dw = ""
            if prev is not None and name != "cp_try":
                dc, dw = f"{c - prev[0]:+7.2f}", f"{w - prev[1]:+7.2f}"
            print(f"{name:<15} {c:7.2f} {dc:>7} {w:7.2f} {dw:>7} {min(cpu[name]):8.2f}  {len(cpu[name])}/{args.rounds}")
            prev = (c, w)
        if cpu.get("sqlite3") and cpu.get("client"):
            print(f"client / sqlite3: cpu {statistics.median(cpu['client']) / statistics.median(cpu['sqlite3']):.2f}x, "
                  f"wall {statistics.median(wall['client']) / statistics.median(wall['sqlite3']):.2f}x")
        conn.close()
        await prisma.disconnect()
    finally:
        os.chdir(cwd)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=1000, help="calls per layer per round (default 1000)")
    ap.add_argument("--rounds", type=int, default=31, help="rounds (default 31)")
    ap.add_argument("--only", help="comma-separated layer names to run")
    ap.add_argument("--same", action="store_true", help="look up the same id every time (default: random ids)")
    ap.add_argument("--canned", action="store_true",
                    help="the Python layers alone: every try_inline answers at once with a reply the engine gave "
                    "before, so the differences are Python's and a busy machine's engine time stays out")
    asyncio.run(_main(ap.parse_args()))


if __name__ == "__main__":
    main()
