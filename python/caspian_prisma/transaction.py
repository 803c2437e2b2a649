"""Interactive transactions: ``async with prisma.tx() as tx:`` and how a
cancellation at any point leaves no transaction open (see
:class:`TransactionManager`). Split from client.py.
"""
from __future__ import annotations

# pyright: reportPrivateUsage=false

import asyncio
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Dict, Generic, Optional, Type, TypeVar, Union

from .errors import PrismaError

if TYPE_CHECKING:
    from types import TracebackType

    from .client import Client
    from .tracing import TxSpan

__all__ = ["TransactionManager", "DEFAULT_MAX_WAIT_MS", "DEFAULT_TIMEOUT_MS"]

_C = TypeVar("_C", bound="Client")

#: Prisma's defaults for interactive transactions.
DEFAULT_MAX_WAIT_MS = 2000
DEFAULT_TIMEOUT_MS = 5000


class TxState:
    __slots__ = ("id", "closed")

    def __init__(self, tx_id: str) -> None:
        self.id = tx_id
        self.closed = False


def ms(name: str, v: Union[timedelta, int, None], default: int) -> int:
    if v is None:
        return default
    if isinstance(v, timedelta):
        return int(v.total_seconds() * 1000)
    if isinstance(v, (int, float)) and not isinstance(v, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
        return int(v)
    raise TypeError(f"tx(): {name} must be a timedelta or milliseconds (int), got {type(v).__name__}")


def tx_expired(tx_id: str) -> Exception:
    from . import errors

    msg = f"Transaction {tx_id} is closed: it was committed or rolled back when its `async with` block ended"
    cls = getattr(errors, "TransactionExpiredError", None)
    if cls is None:  # pragma: no cover - errors.py missing during bring-up
        return RuntimeError(msg)
    try:
        return cls(msg, code="P2028", meta={"transaction_id": tx_id})  # type: ignore[no-any-return]
    except TypeError:
        return cls(msg)  # type: ignore[no-any-return]


class TransactionManager(Generic[_C]):
    """What :meth:`Client.tx` returns: an async context manager that yields a
    client bound to the transaction.

    Cancellation (``task.cancel()``, a timeout, a server dropping the request
    of a client that went away) never leaves the transaction open and never
    hides its outcome:

    * while entering: the engine is told to roll back whatever it began for
      this block (``tx.abandon``, sent without awaiting), even when its answer
      was already on its way;
    * in the body: leaving the block rolls back, as for any exception;
    * while leaving: the commit (or rollback) is shielded and runs to its end;
      CancelledError is raised after it, and :attr:`outcome` says what
      happened (on Python 3.11+ a note on the exception says it too).

    :attr:`outcome` is ``None`` until the block ends, then ``"committed"``,
    ``"rolled_back"`` (also for an entry that was cancelled), ``"commit_failed"``
    (the commit raised; the error says why, and the database rolled back) or
    ``"unknown"`` (the commit request itself was cancelled, as when the event
    loop shuts down with it in flight)."""

    def __init__(self, client: _C, isolation_level: Optional[str], max_wait_ms: int, timeout_ms: int) -> None:
        self._client = client
        self._params: Dict[str, Any] = {"max_wait_ms": max_wait_ms, "timeout_ms": timeout_ms}
        if isolation_level is not None:
            self._params["isolation_level"] = isolation_level
        self._state: Optional[TxState] = None
        self._used = False
        self._span: Optional["TxSpan"] = None
        #: How the transaction ended; see the class docstring.
        self.outcome: Optional[str] = None

    async def __aenter__(self) -> _C:
        if self._used:
            raise RuntimeError("this transaction was already used: call prisma.tx() again")
        self._used = True
        tracer = self._client._core.tracer
        if tracer is None:
            return await self._enter()
        # A span around the whole block, current inside it (caspian_prisma.tracing).
        span = self._span = tracer.transaction(self._params.get("isolation_level"))
        try:
            return await self._enter()
        except BaseException as exc:
            self._span = None
            span.end(self.outcome or "rolled_back", exc)
            raise

    async def _enter(self) -> _C:
        # The token names this begin to the engine, so that a cancelled entry
        # can have it rolled back without knowing the transaction's id.
        token = secrets.token_hex(16)
        try:
            tx_id = await self._client._request("tx.begin", dict(self._params, token=token))
        except PrismaError:
            raise  # the engine answered: it holds no transaction for this token
        except BaseException:
            # Cancelled (or interrupted) before the answer was read: the engine
            # may have begun, and its answer is lost.
            self._client._core.send_nowait("tx.abandon", {"token": token})
            self.outcome = "rolled_back"
            raise
        self._state = TxState(str(tx_id))
        return self._client._bind(self._state)

    async def __aexit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional["TracebackType"]
    ) -> bool:
        span, self._span = self._span, None
        if span is None:
            return await self._exit(exc_type)
        error: Optional[BaseException] = None
        try:
            return await self._exit(exc_type)
        except BaseException as e:
            error = e
            raise
        finally:
            span.end(self.outcome, error)

    async def _exit(self, exc_type: Optional[Type[BaseException]]) -> bool:
        state = self._state
        assert state is not None
        if exc_type is GeneratorExit:
            # The coroutine is being closed unfinished: no await may run.
            state.closed = True
            self._client._core.send_nowait("tx.rollback", {"tx": state.id})
            self.outcome = "rolled_back"
            return False
        if exc_type is None:
            await self._end("tx.commit", state)
            return False
        try:
            await self._end("tx.rollback", state)
        except asyncio.CancelledError:
            raise  # cancelled again while rolling back: the rollback still ran
        except Exception:
            pass  # the exception that ended the block is the one to report
        return False

    async def _end(self, method: str, state: TxState) -> None:
        """Runs tx.commit or tx.rollback to its end even when the task is
        cancelled meanwhile, records :attr:`outcome`, then raises the
        cancellation (with the outcome noted on it) or the request's error."""
        commit = method == "tx.commit"
        fut = asyncio.ensure_future(self._client._request(method, {"tx": state.id}))
        cancelled: Optional[BaseException] = None
        try:
            while not fut.done():
                try:
                    await asyncio.shield(fut)
                except asyncio.CancelledError as e:
                    if fut.done():
                        break
                    cancelled = cancelled or e  # keep waiting for the outcome
                except Exception:
                    break  # the request's own error, read below
        finally:
            state.closed = True
        error: Optional[BaseException] = None
        if fut.cancelled():
            self.outcome = "unknown" if commit else "rolled_back"
        else:
            error = fut.exception()
            if error is None:
                self.outcome = "committed" if commit else "rolled_back"
            else:
                self.outcome = "commit_failed" if commit else "rolled_back"
        if cancelled is not None or fut.cancelled():
            exc = cancelled if cancelled is not None else asyncio.CancelledError()
            _note(exc, _outcome_note(state.id, self.outcome, error))
            raise exc
        if error is not None:
            raise error


def _outcome_note(tx_id: str, outcome: Optional[str], error: Optional[BaseException]) -> str:
    what = {
        "committed": "was COMMITTED before the cancellation took effect",
        "rolled_back": "was rolled back",
        "commit_failed": f"was not committed: the commit failed ({error})",
        "unknown": "has an unknown outcome: the commit request was cancelled in flight",
    }.get(outcome or "", "has an unknown outcome")
    return f"caspian_prisma: transaction {tx_id} {what} (TransactionManager.outcome == {outcome!r})"


def _note(exc: BaseException, text: str) -> None:
    add_note = getattr(exc, "add_note", None)  # Python 3.11+
    if add_note is not None:
        add_note(text)
