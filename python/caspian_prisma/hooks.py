"""Middleware: code that runs around every operation of a client.

``prisma.use(fn)`` registers ``async def fn(params, next)``, Prisma's
``$use`` (https://www.prisma.io/docs/orm/prisma-client/client-extensions/middleware)::

    async def timing(params: MiddlewareParams, next: NextFn) -> Any:
        start = time.perf_counter()
        result = await next(params)
        print(params.model, params.action, time.perf_counter() - start)
        return result

    prisma.use(timing)

:class:`MiddlewareParams` carries the operation: ``model`` (the Prisma model
name, ``"User"``; ``None`` for raw SQL), ``action`` (Prisma's action name:
``"findMany"``, ``"create"``, ..., ``"queryRaw"``, ``"queryRawTyped"``, ``"executeRaw"``),
``args`` (Prisma's argument map, camelCase keys as the engine reads them:
``where``, ``data``, ``orderBy``, ...; for raw SQL ``{"sql", "args"}``) and
``run_in_transaction``. ``await next(params)`` runs the rest of the chain
and then the operation, and returns what the caller gets (model instances,
lists of them, counts, ...). A middleware may change the params (in place or
by passing another :class:`MiddlewareParams` to ``next``), return without
calling ``next`` (the operation does not run; what it returns is the
result), or change the result. Middlewares run in registration order, the
first registered outermost.

As in Prisma, they run for every operation: on the client, on the client of
an interactive transaction (``async with prisma.tx() as tx``: one client's
middlewares are its transactions' too; ``run_in_transaction`` is True), and
for each operation of ``prisma.batch([...])`` (``run_in_transaction`` True).
A batch normally travels as one request; with middlewares its operations run
one after the other in one interactive transaction, each through the chain,
so that a middleware sees each operation before it runs and its result after,
and may call ``next`` more than once (Prisma warns against that in a batch;
here it is just another statement of the transaction).

With no middleware registered the client calls the engine directly: the only
cost is one check of an empty list per operation.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Optional, Sequence, Type

from .models import BaseModel

__all__ = ["MiddlewareParams", "Middleware", "NextFn", "run_chain", "model_class"]


@dataclass
class MiddlewareParams:
    """One operation, as a middleware sees it (Prisma's ``MiddlewareParams``)."""

    #: The Prisma model name (``"User"``); ``None`` for raw SQL.
    model: Optional[str]
    #: Prisma's action name: ``"findMany"``, ``"create"``, ..., ``"queryRaw"``, ``"queryRawTyped"``, ``"executeRaw"``.
    action: str
    #: Prisma's argument map (``where``, ``data``, ``orderBy``, ...); ``{"sql", "args"}`` for raw SQL.
    args: Dict[str, Any] = field(default_factory=lambda: {})
    #: Whether the operation runs in a transaction (``prisma.tx()`` or ``prisma.batch``).
    run_in_transaction: bool = False


#: ``next`` as a middleware receives it: runs the rest of the chain.
NextFn = Callable[[MiddlewareParams], Awaitable[Any]]
#: A middleware: ``async def fn(params, next) -> result``.
Middleware = Callable[[MiddlewareParams, NextFn], Awaitable[Any]]


async def run_chain(
    middlewares: Sequence[Middleware], params: MiddlewareParams, terminal: Callable[[MiddlewareParams], Awaitable[Any]]
) -> Any:
    """Runs params through middlewares (first registered outermost), then terminal."""
    n = len(middlewares)

    def step(i: int) -> NextFn:
        if i == n:
            return terminal

        mw = middlewares[i]
        rest = step(i + 1)

        def call(p: MiddlewareParams) -> Awaitable[Any]:
            if not isinstance(p, MiddlewareParams):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(f"middleware next() takes a MiddlewareParams, got {type(p).__name__}")
            return mw(p, rest)

        return call

    return await step(0)(params)


def model_class(like: Optional[Type[BaseModel]], model: Optional[str]) -> Optional[Type[BaseModel]]:
    """The generated model class named model, from the module that holds like
    (a middleware may send an operation to another model than it was made for)."""
    if like is None or model is None:
        return None
    if like.__prisma_model__ == model:
        return like
    cls = getattr(sys.modules.get(like.__module__), model, None)
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return cls
    return None
