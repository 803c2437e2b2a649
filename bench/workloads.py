"""The workload matrix: every workload at every concurrency, ours against
each peer (each on its own copy of the same data), in one run.

Each workload is a function (stack, i) -> awaitable; arguments are random but
drawn the same way for every stack. A peer that fails a measurement gets a
row with its error instead of a number: the run goes on.
"""
from __future__ import annotations

import itertools
import random

from bench.core import USERS, measure

# (key, label): the labels are the table's and the JSON's `workload`.
WORKLOADS = [
    ("point", "point lookup (find_unique by id)"),
    ("list", "find_many 100 rows, filter + order"),
    ("nested", "nested read (user, 10 posts, categories)"),
    ("create", "create"),
    ("update", "atomic update (increment)"),
    ("count", "count"),
    ("tx", "two-write transaction"),
]
CONCURRENCY = (1, 64)


def _uid() -> int:
    return random.randint(1, USERS)


def make_op(stack, key: str):
    """The op(i) measure() runs; create and tx draw unique numbers from a
    counter per stack so emails and titles never repeat across runs."""
    seq = stack.__dict__.setdefault("_bench_seq", itertools.count(1))
    fn = getattr(stack, key)
    if key in ("point", "nested", "update", "count"):
        return lambda _i: fn(_uid())
    if key == "list":
        return lambda _i: fn(random.randint(0, 500))
    if key == "create":
        return lambda _i: fn(next(seq))
    if key == "tx":
        return lambda _i: fn(_uid(), next(seq))
    raise ValueError(key)


async def run_matrix(provider: str, ours, peers: list, seconds: float, results: list, log, rounds: int = 3,
                     warmup: int = 20, keys=None, levels=CONCURRENCY) -> None:
    """Appends one row per (workload, concurrency, peer) to results:
    {workload, provider, concurrency, peer, peer_kind, ours_ops, peer_ops, ratio[, error]}.

    Ours and the peer are measured in `rounds` alternating slices of
    seconds/rounds each (ours, peer, peer, ours, ...), so load that comes and
    goes on a shared machine falls on both sides of a ratio alike; ours is
    measured again for every peer, and each row carries its own ours_ops.
    keys and levels pick some workloads (their keys) and concurrencies (all by default)."""
    for key, label in WORKLOADS:
        if keys is not None and key not in keys:
            continue
        for conc in levels:
            for peer in peers:
                if not hasattr(peer, key) or (getattr(peer, "sequential_only", False) and conc != 1):
                    continue
                totals = {id(ours): [0, 0.0], id(peer): [0, 0.0]}
                errors = []
                for r in range(rounds):
                    for stack in ((ours, peer) if r % 2 == 0 else (peer, ours)):
                        if errors:
                            break
                        err = await _slice(stack, key, conc, seconds / rounds, warmup, totals[id(stack)])
                        if err:
                            errors.append(err)
                ops = {k: (round(n / t, 1) if t and not errors else None) for k, (n, t) in totals.items()}
                ours_ops, peer_ops = ops[id(ours)], ops[id(peer)]
                row = {"workload": label, "provider": provider, "concurrency": conc, "peer": peer.name,
                       "peer_kind": peer.kind, "ours_ops": ours_ops, "peer_ops": peer_ops,
                       "ratio": round(ours_ops / peer_ops, 3) if ours_ops and peer_ops else None}
                if errors:
                    row["error"] = errors[0]
                results.append(row)
                log(row)


async def _slice(stack, key: str, conc: int, seconds: float, warmup: int, total: list):
    """One measured slice added to total [ops, seconds]; returns an error text or None."""
    try:
        done, took = await measure(make_op(stack, key), conc, seconds, warmup)
        total[0] += done
        total[1] += took
        return None
    except Exception as e:  # a broken peer must not end the run; the row says why
        return f"{stack.name}: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
