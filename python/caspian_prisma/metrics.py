"""What ``await prisma.metrics()`` returns, and its Prometheus text form.

The engine counts and times every operation and SQL statement, always (a few
atomic adds next to each database round trip, so nothing is added on the
Python side; see engine/metrics.go), and reports its connection pool. The
shape is Prisma's ``$metrics.json()``
(https://www.prisma.io/docs/orm/prisma-client/observability-and-logging/metrics)::

    {
      "counters":   [{"key", "labels", "value", "description"}, ...],
      "gauges":     [...],
      "histograms": [{"key", "labels", "description",
                      "value": {"buckets": [[upper_ms, n], ...], "sum": ms, "count": n}}, ...],
    }

==================================================  =========  ===============================================
key                                                 kind       what
==================================================  =========  ===============================================
``prisma_client_queries_total``                     counter    operations run (model operations, raw SQL,
                                                               each operation of a batch)
``prisma_datasource_queries_total``                 counter    SQL statements sent to the database
``prisma_client_operations_total``                  counter    operations, labels ``model`` and ``action``
                                                               (``model`` is ``""`` for raw SQL)
``prisma_client_queries_active``                    gauge      operations running now
``prisma_client_transactions_open``                 gauge      interactive transactions open now
``prisma_pool_connections_limit``                   gauge      the most connections the pool opens
``prisma_pool_connections_open``                    gauge      connections open now
``prisma_pool_connections_idle``                    gauge      open connections waiting for work
``prisma_pool_connections_busy``                    gauge      connections running a statement or holding
                                                               a transaction
``prisma_client_queries_duration_histogram_ms``     histogram  duration of every operation, in the engine
``prisma_datasource_queries_duration_histogram_ms`` histogram  duration of every SQL statement
``prisma_client_operations_duration_histogram_ms``  histogram  duration of operations, labels ``model`` and
                                                               ``action``
==================================================  =========  ===============================================

Histogram buckets are Prisma's (0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000
ms), each counting the durations above the previous bound up to its own.
Durations are measured in the engine: the time an operation spends in the
asyncio bridge and in middlewares is not in them. The counts are the
engine's since it was opened (``disconnect()`` closes it: a new engine
starts from zero). SQLite's pool is one writer and up to four readers.
``prisma.metrics(format="prometheus")`` returns the same as Prometheus text
(:func:`to_prometheus`).
"""
from __future__ import annotations

import json
from typing import Dict, List, Tuple, TypedDict, Union

__all__ = ["Metric", "Histogram", "HistogramValue", "Metrics", "to_prometheus"]


class Metric(TypedDict):
    """One counter or gauge."""

    key: str
    labels: Dict[str, str]
    value: int
    description: str


class HistogramValue(TypedDict):
    #: [upper bound in ms, how many durations fell in this bucket] (not cumulative).
    buckets: List[Tuple[float, int]]
    sum: float
    count: int


class Histogram(TypedDict):
    key: str
    labels: Dict[str, str]
    value: HistogramValue
    description: str


class Metrics(TypedDict):
    """``await prisma.metrics()``."""

    counters: List[Metric]
    gauges: List[Metric]
    histograms: List[Histogram]


def _labels(labels: Dict[str, str], extra: Union[Tuple[str, str], None] = None) -> str:
    items = sorted(labels.items())
    if extra is not None:
        items.append(extra)
    if not items:
        return ""
    return "{" + ",".join(f"{k}={json.dumps(str(v))}" for k, v in items) + "}"


def _num(v: float) -> str:
    return repr(int(v)) if float(v).is_integer() else repr(float(v))


def to_prometheus(metrics: Metrics) -> str:
    """The Prometheus text exposition format of metrics (as Prisma's
    ``$metrics.prometheus()``): histogram buckets become cumulative ``le``
    series, with ``+Inf``."""
    out: List[str] = []
    typed: set[str] = set()

    def head(key: str, description: str, kind: str) -> None:
        if key not in typed:
            typed.add(key)
            out.append(f"# HELP {key} {description}")
            out.append(f"# TYPE {key} {kind}")

    for kind, entries in (("counter", metrics["counters"]), ("gauge", metrics["gauges"])):
        for m in entries:
            head(m["key"], m["description"], kind)
            out.append(f"{m['key']}{_labels(m['labels'])} {_num(m['value'])}")
    for h in metrics["histograms"]:
        head(h["key"], h["description"], "histogram")
        total = 0
        for bound, n in h["value"]["buckets"]:
            total += n
            out.append(f"{h['key']}_bucket{_labels(h['labels'], ('le', _num(bound)))} {total}")
        out.append(f"{h['key']}_bucket{_labels(h['labels'], ('le', '+Inf'))} {h['value']['count']}")
        out.append(f"{h['key']}_sum{_labels(h['labels'])} {_num(h['value']['sum'])}")
        out.append(f"{h['key']}_count{_labels(h['labels'])} {h['value']['count']}")
    return "\n".join(out) + "\n"
