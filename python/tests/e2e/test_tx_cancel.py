"""Cancelling interactive transactions at random points leaves nothing behind.

Hundreds of ``async with prisma.tx()`` blocks run concurrently; most are
cancelled (``task.cancel()``, as a web server cancels a request handler when
its client disconnects) after a random short delay counted from the start of
one phase: entering the block (``tx.begin``), a query in the body, or leaving
it (``tx.commit``). The delays span each phase's measured duration, so the
cancellation lands before the request reaches the engine, while the engine
works, after it answered but before the task read the answer, and so on.

Afterwards:

* no transaction is left open and no connection busy: PostgreSQL has no other
  session of the test database outside ``idle`` (``idle in transaction`` is
  what an orphan looks like), MySQL no InnoDB transaction of a session on the
  test database, SQLite a free writer (a new write succeeds at once); on every
  database, as many transactions as the pool has connections begin at once
  and a plain query answers at once;
* every transaction is atomic (0 or 2 of its rows), and one whose task saw
  CancelledError left no rows unless the API reported its commit
  (``TransactionManager.outcome == "committed"``); one whose task finished
  normally left both.

Orphaned transactions are never cleaned up by their timeout during the test:
the transactions' timeout is far longer than the test.
"""
from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from typing import Any, Dict, List, Optional

import pytest

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "tx_cancel.prisma")

N_TX = 300  # cancelled or not, per provider
CONCURRENCY = 12
TX_TIMEOUT_MS = 300_000  # an orphan would outlive the test
MAX_WAIT_MS = 10_000
STORM_DEADLINE_S = 45.0  # the whole storm, per provider (the test stays < 60 s)
SETTLE_S = 5.0  # how long the server may take to notice a closed connection
PHASES = ("begin", "body", "commit")


class Run:
    """One transaction of the storm and what became of it."""

    __slots__ = ("tag", "phase", "delay", "blocking", "tm", "result", "times")

    def __init__(self, tag: str, phase: Optional[str], delay: float, blocking: bool = False) -> None:
        self.tag = tag
        self.phase = phase  # where the cancel is aimed; None: not cancelled
        self.delay = delay  # seconds after the phase starts; 0: at once
        # The delay blocks the event loop (time.sleep), as a busy server's
        # loop is blocked: the engine answers meanwhile, and the task is
        # cancelled before the loop has read the answer.
        self.blocking = blocking
        self.tm: Any = None
        self.result: Any = None  # "committed", "cancelled" or the exception
        self.times: Dict[str, float] = {}

    def mark(self, phase: str) -> None:
        """The task is about to start phase: aim the cancel, which runs once
        the task has sent the phase's request and awaits its answer."""
        self.times[phase] = time.perf_counter()
        if phase != self.phase:
            return
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        if self.blocking:

            def block_then_cancel() -> None:
                time.sleep(self.delay)
                task.cancel()

            loop.call_soon(block_then_cancel)
        elif self.delay:
            loop.call_later(self.delay, task.cancel)
        else:
            loop.call_soon(task.cancel)


async def transaction(p, run: Run) -> None:
    run.tm = p.tx(timeout=TX_TIMEOUT_MS, max_wait=MAX_WAIT_MS)
    run.mark("begin")
    async with run.tm as tx:
        run.mark("body")
        await tx.item.create(data={"tag": run.tag, "n": 1})
        await tx.item.find_many(where={"tag": run.tag})
        await tx.item.create(data={"tag": run.tag, "n": 2})
        run.mark("commit")
    run.times["end"] = time.perf_counter()


async def drive(p, run: Run) -> None:
    task = asyncio.ensure_future(transaction(p, run))
    await asyncio.wait({task})
    if task.cancelled():
        run.result = "cancelled"
    elif task.exception() is not None:
        run.result = task.exception()
    else:
        run.result = "committed"


async def measure_spans(p) -> Dict[str, float]:
    """Mean duration of each phase of an uncancelled transaction."""
    runs = [Run(f"warm{i}", None, 0) for i in range(20)]
    for run in runs:
        await transaction(p, run)
    nxt = {"begin": "body", "body": "commit", "commit": "end"}
    return {ph: sum(r.times[nxt[ph]] - r.times[ph] for r in runs) / len(runs) for ph in PHASES}


def plan(spans: Dict[str, float], rng: random.Random) -> List[Run]:
    runs = []
    for i in range(N_TX):
        phase = rng.choice(PHASES + PHASES + PHASES + (None,))  # about 1 in 10 runs through
        delay, blocking = 0.0, False
        if phase is not None and rng.random() < 0.8:
            delay = rng.uniform(0, 1.5 * spans[phase])
            blocking = rng.random() < 0.4
        runs.append(Run(f"t{i}", phase, delay, blocking))
    return runs


async def storm(p, runs: List[Run]) -> None:
    """A third of the runs one at a time (the connection or writer is free,
    so a begin completes while a blocked loop waits to cancel it), the rest
    CONCURRENCY at a time."""
    solo = len(runs) // 3
    for run in runs[:solo]:
        await drive(p, run)
    sem = asyncio.Semaphore(CONCURRENCY)

    async def one(run: Run) -> None:
        async with sem:
            await drive(p, run)

    await asyncio.gather(*(one(r) for r in runs[solo:]))


def pool_size(provider: str) -> int:
    if provider == "sqlite":
        return 1  # the writer
    if provider == "mysql":
        return 10  # the adapter's default connection_limit
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus * 2 + 1  # Prisma's default connection_limit


async def open_sessions(p, provider: str) -> List[Dict[str, Any]]:
    """Server-side sessions of the test database that hold a transaction or
    run a statement (besides the one asking)."""
    if provider == "postgresql":
        return await p.query_raw(
            "SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'"
        )
    if provider == "mysql":
        return await p.query_raw(
            "SELECT t.trx_mysql_thread_id AS id, t.trx_state AS state, t.trx_started AS started "
            "FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST s "
            "ON s.ID = t.trx_mysql_thread_id WHERE s.DB = DATABASE() AND s.ID <> CONNECTION_ID()"
        )
    return []


async def settle(p, provider: str) -> List[Dict[str, Any]]:
    """Waits until no session is open, at most SETTLE_S (a connection the
    engine closed ends its server session asynchronously)."""
    # MySQL's INNODB_TRX is a server-wide snapshot that only a read coming
    # more than 0.1 s after the previous read refreshes
    # (https://dev.mysql.com/doc/refman/8.0/en/innodb-information-schema-internal-data.html):
    # poll slower than that, so that every read is fresh.
    deadline = time.monotonic() + SETTLE_S
    while True:
        await asyncio.sleep(0.15)
        left = await open_sessions(p, provider)
        if not left or time.monotonic() > deadline:
            return left


async def whole_pool_begins(p, n: int) -> float:
    """Begins n transactions at once, each holding its connection until all
    have begun; returns the seconds it took. A leaked connection makes one
    wait for max_wait and fail."""
    started = asyncio.Event()
    count = 0
    t0 = time.perf_counter()

    async def hold() -> None:
        nonlocal count
        async with p.tx(max_wait=2000, timeout=10_000) as tx:
            await tx.item.count()
            count += 1
            if count == n:
                started.set()
            await asyncio.wait_for(started.wait(), 5)

    await asyncio.gather(*(hold() for _ in range(n)))
    return time.perf_counter() - t0


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "through-channel"])
def test_cancelled_transactions_leave_nothing_behind(project, inline, monkeypatch):
    """On SQLite, most requests are answered on the loop's thread (inline or
    waited for) and a cancel cannot land while one runs; on PostgreSQL a
    transaction's begin is: the storm runs once so, and once with every
    request sent through the channel, where cancels land in flight (MySQL's
    only way)."""
    if not inline:
        if project.provider == "mysql":
            pytest.skip("MySQL's requests always go through the channel")
        from caspian_prisma import _native

        def through_channel(engine, channel, request_id, request):
            return _native.PENDING if _native.submit(engine, channel, request_id, request) == _native.OK else _native.BUSY, None

        monkeypatch.setattr(_native, "try_inline", lambda engine, request: (_native.LATER, None))
        monkeypatch.setattr(_native, "submit_wait", through_channel)
    p, r = project.prisma, project.run
    seed = int(os.environ.get("CASPIAN_TEST_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    print(f"\n{project.provider}: CASPIAN_TEST_SEED={seed}")
    spans = r(measure_spans(p))
    r(p.item.delete_many())
    runs = plan(spans, rng)

    t0 = time.perf_counter()
    try:
        r(asyncio.wait_for(storm(p, runs), STORM_DEADLINE_S))
    except asyncio.TimeoutError:
        pytest.fail(f"the storm did not end in {STORM_DEADLINE_S} s: transactions left open hold the connections")
    took = time.perf_counter() - t0

    failed = [(run.tag, run.phase, run.result) for run in runs if run.result not in ("committed", "cancelled")]
    assert not failed, f"{len(failed)} transactions failed other than by cancellation, e.g. {failed[:5]}"

    left = r(settle(p, project.provider))
    assert not left, f"{len(left)} sessions still open after {SETTLE_S} s: {left[:5]}"

    # The whole pool is free, and a plain query does not wait.
    r(whole_pool_begins(p, pool_size(project.provider)))
    t1 = time.perf_counter()
    r(p.item.count())
    assert time.perf_counter() - t1 < 1.0

    rows = Counter(row.tag for row in r(p.item.find_many()))
    wrong = []
    committed_cancelled = 0
    for run in runs:
        n = rows.get(run.tag, 0)
        reported = run.result == "committed" or getattr(run.tm, "outcome", None) == "committed"
        if run.result == "cancelled" and reported:
            committed_cancelled += 1
        if n not in (0, 2) or (n == 2) != reported:
            wrong.append((run.tag, run.phase, run.delay, run.blocking, run.result, getattr(run.tm, "outcome", None), n))
    assert not wrong, f"{len(wrong)} transactions whose rows disagree with what the API reported, e.g. {wrong[:5]}"

    cancelled = Counter(run.phase for run in runs if run.result == "cancelled")
    print(
        f"{project.provider}: {N_TX} transactions in {took:.1f} s; cancelled in begin/body/commit: "
        f"{cancelled['begin']}/{cancelled['body']}/{cancelled['commit']}; "
        f"cancelled after the commit took effect (reported): {committed_cancelled}; "
        f"spans (ms) {', '.join(f'{k} {v * 1000:.2f}' for k, v in spans.items())}"
    )
    # The storm did hit every phase (where requests go through the channel).
    for phase in PHASES if not (inline and project.provider == "sqlite") else ():
        assert cancelled[phase] >= 10, f"only {cancelled[phase]} cancellations landed in {phase}: {dict(cancelled)}"
