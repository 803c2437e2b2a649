"""The runtime base classes that a generated client subclasses.

The generated ``Prisma`` class adds one typed accessor per model; each
accessor is a generated ``ModelActions`` subclass whose methods only declare
types and hand their keyword arguments to :meth:`ModelActions._query`. All
behaviour lives here: argument naming, the awaitable query object, result
conversion, transactions, batches, raw SQL and the lazily opened engine.

The engine is ``caspian_prisma._bridge.Engine`` (the asyncio side of the
native library); this module imports it only when the first query runs, so
importing a generated client is cheap and needs neither the native library
nor a database URL.
"""
from __future__ import annotations

# The runtime's classes share underscored members (_from_row, _execute, _wire,
# _core, ...) with each other inside this package; the underscore keeps them
# off the generated client's public surface, not away from the package.
# pyright: reportPrivateUsage=false

import inspect
from datetime import timedelta
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Coroutine,
    Dict,
    Generator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Type,
    TypeVar,
    Union,
    cast,
    overload,
)

from . import extensions as _ext
from . import hooks as _hooks
from . import logs as _logs
from . import metrics as _metrics
from . import tracing as _tracing
from . import typedsql as _typedsql
from ._core import GENERATED_MARK, Core, read_schema
from .models import BaseModel
from .transaction import DEFAULT_MAX_WAIT_MS, DEFAULT_TIMEOUT_MS, TransactionManager, TxState, ms, tx_expired

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "Client",
    "ModelActions",
    "Query",
    "TransactionManager",
    "DEFAULT_MAX_WAIT_MS",
    "DEFAULT_TIMEOUT_MS",
    "GENERATED_MARK",
    "read_schema",
]

T = TypeVar("T")
_C = TypeVar("_C", bound="Client")
_M = TypeVar("_M", bound=BaseModel)
_A = TypeVar("_A", bound="ModelActions")
_RowT = TypeVar("_RowT")

# A batch run through middlewares (an interactive transaction) waits for a
# connection as batch.execute does (the engine's atomicWait), and its
# lifetime is practically unbounded as batch.execute's is.
_BATCH_MAX_WAIT_MS = 10_000
_BATCH_TIMEOUT_MS = 24 * 3600 * 1000

#: Python keyword arguments whose Prisma argument name differs. Every other
#: keyword (where, data, select, include, omit, take, skip, cursor, distinct,
#: by, having, _count, _sum, _avg, _min, _max, create, update) is Prisma's own.
ARG_NAMES = {
    "order_by": "orderBy",
    "order": "orderBy",
    "skip_duplicates": "skipDuplicates",
    "relation_load_strategy": "relationLoadStrategy",
}

# How each action's result becomes Python values.
_ONE = frozenset(
    {"findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "create", "update", "upsert", "delete"}
)
_MANY = frozenset({"findMany", "createManyAndReturn", "updateManyAndReturn"})


def build_args(action: str, kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """Prisma's argument map from the Python keyword arguments: ``None`` means
    "not given", snake_case names become camelCase (see :data:`ARG_NAMES`), and
    the dict contents pass through untouched (the engine knows the snake_case
    operator aliases). ``upsert(data={'create': .., 'update': ..})`` is split."""
    args: Dict[str, Any] = {}
    for k, v in kwargs.items():
        if v is None:
            continue
        name = ARG_NAMES.get(k, k)
        if name in args:
            raise TypeError(f"{action}(): {k}= repeats an argument already given (order and order_by are the same)")
        args[name] = v
    if action == "upsert" and "data" in args:
        data = args.pop("data")
        if not isinstance(data, dict) or not set(cast(Dict[str, Any], data)) <= {"create", "update"}:
            raise TypeError("upsert(): data= must be a dict with 'create' and 'update' keys")
        for key in ("create", "update"):
            if key in data:
                if key in args:
                    raise TypeError(f"upsert(): {key} is given both as {key}= and in data=")
                args[key] = data[key]
    return args


def convert_result(action: str, model_cls: Optional[Type[BaseModel]], result: Any) -> Any:
    """Engine result -> Python result: rows become model instances, lists of rows
    lists of instances; counts, ``{'count': n}`` and aggregate dicts stay as they are."""
    if model_cls is None or result is None:
        return result
    if action in _ONE:
        # cast's type as text: Dict[str, Any] would be built on every call.
        return model_cls._from_row(cast("Dict[str, Any]", result)) if isinstance(result, dict) else result
    if action in _MANY:
        from_row = model_cls._from_row
        return [from_row(r) for r in result]
    return result


class Query(Coroutine[Any, Any, T]):
    """One model operation, not yet run: ``await`` it to run it, or hand it
    (unawaited) to :meth:`Client.batch`. Carries the model, action and args.

    It is a coroutine (the run starts at the first await), so
    ``asyncio.create_task(prisma.user.count())`` and ``asyncio.run(...)`` take
    it too; like any coroutine it runs once."""

    __slots__ = ("_client", "model", "action", "args", "_model_cls", "_run")

    def __init__(
        self, client: "Client", model: str, action: str, args: Dict[str, Any], model_cls: Optional[Type[BaseModel]]
    ) -> None:
        self._client = client
        self.model = model
        self.action = action
        self.args = args
        self._model_cls = model_cls
        self._run: Optional[Coroutine[Any, Any, T]] = None

    def _coro(self) -> Coroutine[Any, Any, T]:
        if self._run is None:
            self._run = self._client._execute(self)
        return self._run

    def __await__(self) -> Generator[Any, None, T]:
        return self._coro().__await__()

    def send(self, value: Any) -> Any:
        return self._coro().send(value)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if val is None and tb is None:
            return self._coro().throw(typ)  # the one-argument form (3-arg is deprecated)
        return self._coro().throw(typ, val, tb)

    def close(self) -> None:
        if self._run is not None:
            self._run.close()

    def _convert(self, result: Any) -> T:
        return convert_result(self.action, self._model_cls, result)  # type: ignore[no-any-return]

    def _wire(self) -> Dict[str, Any]:
        return {"model": self.model, "action": self.action, "args": self.args}

    def __repr__(self) -> str:
        return f"<Query {self.model}.{self.action} {self.args!r}>"


class ModelActions:
    """Base of the generated per-model classes (``prisma.user`` is one)."""

    #: The Prisma model name, e.g. "User".
    __prisma_model__: ClassVar[str] = ""
    #: The generated model class rows become.
    __prisma_class__: ClassVar[Optional[Type[BaseModel]]] = None

    __slots__ = ("_client",)

    def __init__(self, client: "Client") -> None:
        self._client = client

    def _query(self, action: str, **kwargs: Any) -> Query[Any]:
        return Query(self._client, self.__prisma_model__, action, build_args(action, kwargs), self.__prisma_class__)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for model {self.__prisma_model__}>"


class Client:
    """Base of the generated ``Prisma`` class: connection, transactions, batches
    and raw SQL. Model accessors (``prisma.user``) are added by the generated
    subclass. The first query connects; :meth:`connect` is optional."""

    # Set by the generated subclass.
    __prisma_schema_file__: ClassVar[str] = ""
    __prisma_provider__: ClassVar[str] = ""

    _core: Core
    _tx: Optional[TxState]
    _accessors: Dict[type, Any]

    def __init__(
        self,
        *,
        url: Optional[str] = None,
        root: Optional[str] = None,
        log_queries: Optional[bool] = None,
        tracing: Any = None,
    ):
        """``url`` overrides DATABASE_URL, ``root`` the project root discovery,
        ``log_queries`` the ``client.logLevel`` of prisma.config.ts.
        ``tracing``: True for OpenTelemetry spans (or a TracerProvider to send
        them to); None reads CASPIAN_PRISMA_TRACING (see caspian_prisma.tracing)."""
        self._core = Core(type(self), url, root, log_queries)
        self._tx = None
        self._accessors = {}
        provider = type(self).__prisma_provider__
        self._core.tracer = _tracing.from_env(provider) if tracing is None else _tracing.make(tracing, provider)
        self._core.rehook()

    # -- plumbing ----------------------------------------------------------

    def _actions(self, cls: Type[_A]) -> _A:
        a = self._accessors.get(cls)
        if a is None:
            a = self._accessors[cls] = cls(self)
        return a

    def _bind(self: _C, state: TxState) -> _C:
        c = object.__new__(type(self))
        c._core = self._core
        c._tx = state
        c._accessors = {}
        return c

    async def _request(self, method: str, params: Dict[str, Any]) -> Any:
        tx = self._tx
        if tx is not None:
            if tx.closed:
                raise tx_expired(tx.id)
            params["tx"] = tx.id
        core = self._core
        engine = core.get_engine()
        if not core.log_kinds and core.tracer is None:
            return await engine.request(method, params)
        return await core.logged_request(engine, method, params)

    async def _execute(self, query: Query[T]) -> T:
        core = self._core
        if core.hooked:
            return await self._execute_hooked(query)  # type: ignore[no-any-return]
        engine = core.engine
        if engine is None or self._tx is not None or core.log_kinds:
            result = await self._request("query.execute", query._wire())
        else:  # _request's common case, without its coroutine
            result = await engine.request("query.execute", {"model": query.model, "action": query.action, "args": query.args})
        return query._convert(result)

    async def _execute_hooked(self, query: Query[Any]) -> Any:
        """query in its span, through the middlewares, then the engine, then
        the result extensions."""
        tracer = self._core.tracer
        if tracer is None:
            return await self._execute_chain(query)
        with tracer.operation(query.model, query.action):
            return await self._execute_chain(query)

    async def _execute_chain(self, query: Query[Any]) -> Any:
        core = self._core
        params = _hooks.MiddlewareParams(query.model, query.action, query.args, self._tx is not None)

        async def terminal(p: _hooks.MiddlewareParams) -> Any:
            cls = _hooks.model_class(query._model_cls, p.model)
            ext = core.extensions
            args = p.args if ext is None else ext.rewrite_args(cls, p.args)
            result = await self._request("query.execute", {"model": p.model, "action": p.action, "args": args})
            result = convert_result(p.action, cls, result)
            return result if ext is None else ext.apply(result, p.args.get("omit"))

        if not core.middlewares:
            return await terminal(params)
        return await _hooks.run_chain(tuple(core.middlewares), params, terminal)

    # -- hooks ---------------------------------------------------------------

    def use(self, middleware: _hooks.Middleware) -> None:
        """Registers a middleware, ``async def fn(params, next)``, run around
        every operation of this client and of its transactions, after those
        registered before it (Prisma's ``$use``; see caspian_prisma.hooks)."""
        if not callable(middleware):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"use(): expected an async function (params, next), got {type(middleware).__name__}")
        self._core.middlewares.append(middleware)
        self._core.rehook()

    def set_tracing(self, tracing: Any) -> None:
        """Switches OpenTelemetry spans on (True: the global TracerProvider, or
        a TracerProvider) or off (False), for this client and its
        transactions; see caspian_prisma.tracing. Statement spans need it on
        before the first query (or after ``disconnect()``)."""
        self._core.tracer = _tracing.make(tracing, type(self).__prisma_provider__)
        self._core.rehook()

    @overload
    def extend_result(
        self,
        model: Type[_M],
        name: str,
        *,
        needs: Union[Sequence[str], Mapping[str, bool]],
        compute: Callable[[_M], T],
    ) -> "_ext.ComputedField[_M, T]": ...

    @overload
    def extend_result(
        self,
        model: str,
        name: str,
        *,
        needs: Union[Sequence[str], Mapping[str, bool]],
        compute: Callable[[Any], T],
    ) -> "_ext.ComputedField[Any, T]": ...

    def extend_result(
        self,
        model: Union[str, Type[BaseModel]],
        name: str,
        *,
        needs: Union[Sequence[str], Mapping[str, bool]],
        compute: Callable[[Any], Any],
    ) -> "_ext.ComputedField[Any, Any]":
        """Adds a computed field ``name`` to the records of ``model`` (a
        generated model class, or the model's name) that this client and its
        transactions return: ``compute(record)`` from the fields it ``needs``
        (Prisma's ``$extends({result: ...})``; see caspian_prisma.extensions).
        Returns the field, which reads the value typed: ``full_name(user)``."""
        core = self._core
        if core.extensions is None:
            core.extensions = _ext.Extensions()
        models = self._model_classes()
        field = core.extensions.add(
            model, name, needs, compute,
            {m: c.__prisma_fields__ for m, c in models.items()},
            {m: tuple(c.__prisma_relations__) for m, c in models.items()},
        )
        core.rehook()
        return field

    def _model_classes(self) -> Dict[str, Type[BaseModel]]:
        """Each model of this client (from its generated accessors) and its class."""
        out: Dict[str, Type[BaseModel]] = {}
        for klass in type(self).__mro__:
            for attr, v in vars(klass).items():
                if isinstance(v, property) and not attr.startswith("_"):
                    acc = getattr(self, attr, None)
                    cls = getattr(acc, "__prisma_class__", None)
                    if isinstance(acc, ModelActions) and cls is not None:
                        out[cls.__prisma_model__] = cls
        return out

    # -- connection --------------------------------------------------------

    @property
    def root(self) -> str:
        """The project root this client resolves relative paths and .env against."""
        return self._core.root

    def is_connected(self) -> bool:
        """Whether an engine is open (the first query opens it)."""
        return self._core.engine is not None

    async def connect(self) -> None:
        """Opens the engine and connects now rather than at the first query, so
        that a wrong URL or an unreachable server fails here."""
        if self._tx is not None:
            return
        await self._request("query.raw", {"sql": "SELECT 1", "args": [], "kind": "query"})

    async def disconnect(self) -> None:
        """Closes the engine and its connections; a later query reconnects."""
        if self._tx is not None:
            return
        engine, self._core.engine = self._core.engine, None
        if engine is not None:
            r = engine.close()
            if inspect.isawaitable(r):
                await r
            if "info" in self._core.log_kinds:
                _logs.info_log.info("Closed the connection pool of the %s", self._core.target)

    @overload
    async def metrics(self, *, format: Literal["json"] = "json") -> _metrics.Metrics: ...

    @overload
    async def metrics(self, *, format: Literal["prometheus"]) -> str: ...

    async def metrics(self, *, format: str = "json") -> Union[_metrics.Metrics, str]:
        """The engine's counters, gauges and histograms: operations and SQL
        statements counted and timed (in total and per model and action), and
        the connection pool's size and idle and busy connections, in Prisma's
        ``$metrics.json()`` shape; ``format="prometheus"`` gives Prometheus
        text. It does not connect. See caspian_prisma.metrics for every key."""
        if format not in ("json", "prometheus"):
            raise ValueError(f"metrics(): format must be 'json' or 'prometheus', got {format!r}")
        m = cast(_metrics.Metrics, await self._core.get_engine().request("engine.metrics", {}))
        return _metrics.to_prometheus(m) if format == "prometheus" else m

    async def __aenter__(self: _C) -> _C:
        await self.connect()
        return self

    async def __aexit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional["TracebackType"]
    ) -> None:
        await self.disconnect()

    # -- transactions and batches -----------------------------------------

    def tx(
        self: _C,
        *,
        isolation_level: Optional[str] = None,
        max_wait: Union[timedelta, int, None] = None,
        timeout: Union[timedelta, int, None] = None,
    ) -> "TransactionManager[_C]":
        """An interactive transaction: ``async with prisma.tx() as tx:``. Commits
        on a clean exit, rolls back on any exception. ``isolation_level`` takes
        Prisma's names ("ReadUncommitted", "ReadCommitted", "RepeatableRead",
        "Serializable"); ``max_wait`` (time to get a connection, default 2 s) and
        ``timeout`` (the transaction's lifetime, default 5 s) are a timedelta or
        milliseconds. Using ``tx`` after the block raises TransactionExpiredError.

        A cancelled task leaves no transaction open; when the cancellation hits
        the commit, the manager's ``outcome`` says whether it committed::

            tm = prisma.tx()
            try:
                async with tm as tx:
                    ...
            except asyncio.CancelledError:
                if tm.outcome == "committed":
                    ...  # the writes are in the database
                raise
        """
        if self._tx is not None:
            raise RuntimeError("nested transactions are not supported: use the tx client you already have")
        return TransactionManager(self, isolation_level, ms("max_wait", max_wait, DEFAULT_MAX_WAIT_MS), ms("timeout", timeout, DEFAULT_TIMEOUT_MS))

    def transaction(
        self: _C,
        *,
        isolation_level: Optional[str] = None,
        max_wait: Union[timedelta, int, None] = None,
        timeout: Union[timedelta, int, None] = None,
    ) -> "TransactionManager[_C]":
        """Same as :meth:`tx`."""
        return self.tx(isolation_level=isolation_level, max_wait=max_wait, timeout=timeout)

    async def batch(self, operations: Sequence[Union[Query[Any], Callable[[], Query[Any]]]]) -> List[Any]:
        """Runs operations in one transaction and returns their results in order.
        Each operation is an unawaited call such as ``prisma.user.create(...)``
        or a zero-argument callable returning one."""
        queries: List[Query[Any]] = []
        for i, op in enumerate(operations):
            # Checked at run time too: untyped callers pass anything.
            q = op if isinstance(op, Query) else op() if callable(op) else op  # pyright: ignore[reportUnknownVariableType]
            if not isinstance(q, Query):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(
                    f"batch(): operation {i} is {type(q).__name__}, expected an unawaited model call "
                    "such as prisma.user.create(...) or a callable returning one"
                )
            queries.append(cast(Query[object], q))
        if self._tx is not None:
            # Already inside a transaction: run them in it, in order.
            return [await self._execute(q) for q in queries]
        if not queries:
            return []
        tracer = self._core.tracer
        if tracer is None:
            return await self._batch(queries)
        with tracer.batch([f"{q.model}.{q.action}" for q in queries]):
            return await self._batch(queries)

    async def _batch(self, queries: List[Query[Any]]) -> List[Any]:
        if self._core.middlewares:
            # Each operation through the middlewares, in one transaction
            # (see caspian_prisma.hooks). The limits are batch.execute's: it
            # waits up to 10 s for a connection and has no lifetime limit.
            async with self.tx(max_wait=_BATCH_MAX_WAIT_MS, timeout=_BATCH_TIMEOUT_MS) as tx:
                return [await tx._execute(q) for q in queries]
        ext = self._core.extensions
        if ext is None:
            results = await self._request("batch.execute", {"ops": [q._wire() for q in queries]})
            return [q._convert(r) for q, r in zip(queries, results)]
        ops = [{"model": q.model, "action": q.action, "args": ext.rewrite_args(q._model_cls, q.args)} for q in queries]
        results = await self._request("batch.execute", {"ops": ops})
        return [ext.apply(q._convert(r), q.args.get("omit")) for q, r in zip(queries, results)]

    # -- raw SQL -------------------------------------------------------------

    async def query_raw(self, sql: str, *args: Any) -> List[Dict[str, Any]]:
        """Runs a SELECT and returns its rows as dicts with typed values. The
        placeholders are the database's own (``?`` on SQLite and MySQL, ``$1``
        on PostgreSQL); arguments are always bound, never spliced."""
        return await self._raw("queryRaw", sql, args)  # type: ignore[no-any-return]

    async def execute_raw(self, sql: str, *args: Any) -> int:
        """Runs a statement and returns the number of rows it affected."""
        return await self._raw("executeRaw", sql, args)  # type: ignore[no-any-return]

    async def query_raw_typed(self, query: _typedsql.TypedSql[_RowT]) -> List[_RowT]:
        """Runs a typed statement of ``prisma/sql`` (``ppy generate --sql``):
        ``await prisma.query_raw_typed(get_users(18))``, as Prisma's
        ``$queryRawTyped``. Rows are the query's ``<Name>Result`` TypedDicts,
        each value decoded by the type the database gave its column."""
        if not isinstance(cast(object, query), _typedsql.TypedSql):
            raise TypeError(
                f"query_raw_typed takes what a function of the generated sql module returns, got {type(query).__name__}"
            )
        return await self._raw("queryRawTyped", query.sql, query.args, query)  # type: ignore[no-any-return]

    async def _raw(
        self, action: str, sql: str, args: Sequence[Any], typed: Optional[_typedsql.TypedSql[Any]] = None
    ) -> Any:
        async def terminal(p: _hooks.MiddlewareParams) -> Any:
            kind = "execute" if p.action == "executeRaw" else "query"
            req: Dict[str, Any] = {"sql": p.args["sql"], "args": list(p.args["args"]), "kind": kind}
            if typed is not None and typed.param_types:
                req["arg_types"] = list(typed.param_types)
            res = await self._request("query.raw", req)
            if kind == "execute":
                return int(res or 0)
            columns = res["columns"]
            if typed is not None:
                return _typedsql.decode_rows(typed, columns, res["rows"])
            return [dict(zip(columns, row)) for row in res["rows"]]

        params = _hooks.MiddlewareParams(None, action, {"sql": sql, "args": list(args)}, self._tx is not None)
        core = self._core
        if not core.hooked:
            return await terminal(params)
        tracer = core.tracer
        if tracer is None:
            return await _hooks.run_chain(tuple(core.middlewares), params, terminal)
        with tracer.operation(None, action):
            return await _hooks.run_chain(tuple(core.middlewares), params, terminal)

    def __repr__(self) -> str:
        state = "in transaction" if self._tx is not None else ("connected" if self.is_connected() else "not connected")
        return f"<{type(self).__name__} {self.__prisma_provider__} {state}>"
