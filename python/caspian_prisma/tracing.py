"""OpenTelemetry spans for each operation and each SQL statement, opt-in.

Tracing is off unless asked for, and needs the ``opentelemetry-api`` package
(not a dependency of caspian_prisma: it is imported only when tracing is
switched on). Switch it on with either

- ``Prisma(tracing=True)`` or, for the generated global client,
  ``prisma.set_tracing(True)`` (a TracerProvider instead of True sends the
  spans there instead of to the global provider); or
- the environment: ``CASPIAN_PRISMA_TRACING=1`` (read when the client is
  made; a missing opentelemetry package is then a warning on the
  ``caspian_prisma`` logger, while asking in code raises ImportError).

An app that sets up the SDK (a TracerProvider with an exporter) then gets,
named as Prisma's tracing names them
(https://www.prisma.io/docs/orm/prisma-client/observability-and-logging/opentelemetry-tracing):

``prisma:client:operation``
    one per operation (model operation, raw SQL), around middlewares and
    the engine: attributes ``model`` (``""`` for raw SQL), ``action``
    (``findMany``, ``queryRaw``, ...), ``method`` (the same, Prisma's
    attribute name), ``name`` (``User.findMany``), ``db.system`` and
    ``duration_ms``; status ERROR with the error's class and Prisma code
    when it fails;
``prisma:client:batch``
    one per ``prisma.batch([...])``: ``operations`` (their count) and
    ``names``;
``prisma:client:transaction``
    one per ``async with prisma.tx()`` block, current inside it (so the
    block's operations are its children): ``isolation_level`` when given,
    ``outcome`` (``committed``, ``rolled_back``, ``commit_failed``,
    ``unknown``; see TransactionManager.outcome), ``duration_ms``;
``prisma:engine:db_query``
    one per SQL statement, a child of the operation: ``db.statement`` and
    ``db.query.text`` (the SQL with its placeholders), ``db.system`` and
    ``duration_ms``. The engine reports each statement's start and duration
    with the reply, so these spans have the statement's own times.

Never recorded: argument values, rows, or error messages (a message may
quote a value); the SQL text carries placeholders, never values, except
what an app writes into its own raw SQL.

The engine reports a request's statements when the request asks (an
envelope flag a traced client sets), so switching tracing on or off takes
effect at the next operation, connected or not.
"""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from typing import Any, Generator, List, Optional, Sequence, Tuple

__all__ = ["Tracer", "TxSpan", "ENV", "from_env", "make"]

#: The environment variable that switches tracing on ("1", "true").
ENV = "CASPIAN_PRISMA_TRACING"

_log = logging.getLogger("caspian_prisma")


class Tracer:
    """The spans of one client (and its transactions)."""

    def __init__(self, provider: Any, system: str) -> None:
        from opentelemetry import trace  # here: only when tracing is on

        from . import __version__

        self._trace = trace
        if provider is None:
            self._tracer = trace.get_tracer("caspian_prisma", __version__)
        else:
            self._tracer = provider.get_tracer("caspian_prisma", __version__)
        self.system = system

    @contextmanager
    def operation(self, model: Optional[str], action: str) -> Generator[None, None, None]:
        """A prisma:client:operation span around the block, current inside it."""
        name = f"{model}.{action}" if model else action
        attrs = {"model": model or "", "action": action, "method": action, "name": name, "db.system": self.system}
        with self._span("prisma:client:operation", attrs):
            yield

    @contextmanager
    def batch(self, names: Sequence[str]) -> Generator[None, None, None]:
        with self._span("prisma:client:batch", {"operations": len(names), "names": list(names), "db.system": self.system}):
            yield

    @contextmanager
    def _span(self, name: str, attrs: Any) -> Generator[None, None, None]:
        start = time.perf_counter()
        with self._tracer.start_as_current_span(name, attributes=attrs, record_exception=False, set_status_on_exception=False) as span:
            try:
                yield
            except BaseException as exc:
                code = getattr(exc, "code", None)
                span.set_attribute("error.type", type(exc).__name__)
                if code:
                    span.set_attribute("prisma.error_code", str(code))
                span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, type(exc).__name__))
                raise
            finally:
                span.set_attribute("duration_ms", (time.perf_counter() - start) * 1000)

    def transaction(self, isolation_level: Optional[str]) -> "TxSpan":
        """A prisma:client:transaction span, made current until it ends."""
        attrs = {"db.system": self.system}
        if isolation_level:
            attrs["isolation_level"] = isolation_level
        span = self._tracer.start_span("prisma:client:transaction", attributes=attrs)
        return TxSpan(self._trace, span)

    def statements(self, entries: Sequence[Sequence[Any]]) -> None:
        """One prisma:engine:db_query span per [sql, duration_ms,
        start_unix_ns], children of the current span; an entry without its
        start is placed to end where the next one starts (the last: now)."""
        end = time.time_ns()
        spans: List[Tuple[str, float, int, int]] = []
        for entry in reversed(entries):
            sql, ms = str(entry[0]), float(entry[1])
            length = int(ms * 1_000_000)
            start = int(entry[2]) if len(entry) > 2 and entry[2] else end - length
            spans.append((sql, ms, start, start + length))
            end = start
        for sql, ms, start, stop in reversed(spans):
            span = self._tracer.start_span(
                "prisma:engine:db_query",
                start_time=start,
                attributes={"db.statement": sql, "db.query.text": sql, "db.system": self.system, "duration_ms": ms},
            )
            span.end(end_time=stop)


class TxSpan:
    """A transaction's span: current from its start (an ``async with``
    block's __aenter__ and __aexit__ run in the task's one context) to end()."""

    def __init__(self, trace: Any, span: Any) -> None:
        from opentelemetry import context

        self._context = context
        self._trace = trace
        self._span = span
        self._start = time.perf_counter()
        self._token = context.attach(trace.set_span_in_context(span))

    def end(self, outcome: Optional[str], error: Optional[BaseException] = None) -> None:
        try:
            self._context.detach(self._token)
        except Exception:  # pragma: no cover - ended from another context
            pass
        span = self._span
        span.set_attribute("outcome", outcome or "unknown")
        span.set_attribute("duration_ms", (time.perf_counter() - self._start) * 1000)
        if error is not None or outcome in ("commit_failed", "unknown"):
            span.set_attribute("error.type", type(error).__name__ if error is not None else outcome or "unknown")
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, outcome or "error"))
        span.end()


def make(setting: Any, system: str) -> Optional[Tracer]:
    """The Tracer for a tracing= setting: None/False: off; True: the global
    TracerProvider; a TracerProvider: that one. Raises ImportError when
    opentelemetry is not installed."""
    if setting is None or setting is False:
        return None
    try:
        return Tracer(None if setting is True else setting, system)
    except ImportError as exc:
        raise ImportError(
            "tracing needs the opentelemetry-api package (and an SDK to export spans): "
            "pip install opentelemetry-api opentelemetry-sdk"
        ) from exc


def from_env(system: str) -> Optional[Tracer]:
    """The Tracer CASPIAN_PRISMA_TRACING asks for, or None (with a warning
    when it asks but opentelemetry is missing)."""
    if os.environ.get(ENV, "").strip().lower() not in ("1", "true", "yes", "on"):
        return None
    try:
        return make(True, system)
    except ImportError as exc:
        _log.warning("%s is set but tracing is off: %s", ENV, exc)
        return None
