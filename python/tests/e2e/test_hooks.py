"""Hooks for production apps (caspian_prisma.hooks), on every provider:
middleware around operations, transactions and batches. One fresh database
per provider; each test cleans up the middlewares it registered."""
import os

import pytest

from caspian_prisma import MiddlewareParams

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "ops.prisma")


@pytest.fixture
def p(project):
    """The project's client, its middlewares removed after the test."""
    yield project.prisma
    project.prisma._core.middlewares.clear()
    project.prisma._core.rehook()
    assert not project.prisma._core.hooked


def test_middleware_order_args_and_results(project, p):
    r = project.run
    seen = []

    async def outer(params, next):
        seen.append(("outer", params.model, params.action, params.run_in_transaction))
        result = await next(params)
        seen.append(("outer-after", type(result).__name__))
        return result

    async def scope_to_tenant(params, next):
        seen.append(("inner", params.model, params.action))
        if params.model == "Author" and params.action == "findMany":
            params.args.setdefault("where", {})["email"] = {"endsWith": "@mw.io"}
        return await next(params)

    p.use(outer)
    p.use(scope_to_tenant)
    r(p.author.create(data={"email": "a@mw.io"}))
    r(p.author.create(data={"email": "b@other.io"}))
    seen.clear()
    got = r(p.author.find_many())
    assert [a.email for a in got] == ["a@mw.io"]  # the middleware narrowed the query
    assert seen == [("outer", "Author", "findMany", False), ("inner", "Author", "findMany"), ("outer-after", "list")]


def test_middleware_short_circuits_and_post_processes(project, p):
    r = project.run
    calls = []

    async def cache(params, next):
        if params.action == "count":
            return 42  # never reaches the database
        return await next(params)

    async def redact(params, next):
        result = await next(params)
        calls.append(params.action)
        if params.model == "Author" and params.action == "findUnique" and result is not None:
            result.email = "hidden"
        return result

    p.use(cache)
    p.use(redact)
    assert r(p.author.count()) == 42
    a = r(p.author.find_unique(where={"email": "a@mw.io"}))
    assert a.email == "hidden"
    assert calls == ["findUnique"]  # count never reached redact


def test_middleware_rewrites_the_action(project, p):
    """Soft delete as Prisma's docs show it: delete becomes update; the result
    is converted as the new action's."""
    r = project.run
    r(p.author.create(data={"email": "soft@mw.io", "score": 1}))

    async def soft_delete(params, next):
        if params.model == "Author" and params.action == "delete":
            params = MiddlewareParams("Author", "update", {**params.args, "data": {"score": -1}}, params.run_in_transaction)
        return await next(params)

    p.use(soft_delete)
    gone = r(p.author.delete(where={"email": "soft@mw.io"}))
    assert gone.score == -1
    assert r(p.author.find_unique(where={"email": "soft@mw.io"})).score == -1


def test_middleware_in_transactions_and_batches(project, p):
    r = project.run
    seen = []

    async def record(params, next):
        seen.append((params.action, params.run_in_transaction))
        return await next(params)

    p.use(record)

    async def in_tx():
        async with p.tx() as tx:
            await tx.author.create(data={"email": "tx@mw.io"})
            return await tx.author.count(where={"email": {"endsWith": "@mw.io"}})

    n = r(in_tx())
    assert seen == [("create", True), ("count", True)]
    seen.clear()
    res = r(p.batch([p.author.create(data={"email": "batch@mw.io"}), p.author.count(where={"email": "batch@mw.io"})]))
    assert res[0].email == "batch@mw.io" and res[1] == 1
    assert seen == [("create", True), ("count", True)]
    seen.clear()
    assert r(p.author.count(where={"email": {"endsWith": "@mw.io"}})) == n + 1
    assert seen == [("count", False)]


def test_middleware_failure_rolls_back_a_batch(project, p):
    r = project.run

    async def refuse_second(params, next):
        if params.action == "create" and params.args["data"]["email"] == "no@mw.io":
            raise PermissionError("not allowed")
        return await next(params)

    p.use(refuse_second)
    with pytest.raises(PermissionError):
        r(p.batch([p.author.create(data={"email": "yes@mw.io"}), p.author.create(data={"email": "no@mw.io"})]))
    assert r(p.author.count(where={"email": "yes@mw.io"})) == 0


def test_middleware_sees_raw_sql(project, p):
    r = project.run
    seen = []

    async def record(params, next):
        seen.append((params.model, params.action, params.args["sql"]))
        return await next(params)

    p.use(record)
    rows = r(p.query_raw("SELECT 1 AS one"))
    assert rows == [{"one": 1}]
    assert seen == [(None, "queryRaw", "SELECT 1 AS one")]


def test_result_extensions(project, p):
    r = project.run
    db = project.db
    models = __import__(db.__name__.rsplit(".", 1)[0] + ".models", fromlist=["Author"])
    try:
        label = p.extend_result(models.Author, "label", needs=["name", "email"],
                                compute=lambda a: f"{a.name or '?'} <{a.email}>")
        shout = p.extend_result("author", "shout", needs={"label": True}, compute=lambda a: a.label.upper())
        with pytest.raises(ValueError, match="needs 'nope'"):
            p.extend_result(models.Author, "bad", needs=["nope"], compute=lambda a: 1)
        with pytest.raises(ValueError, match="'books', a relation"):
            p.extend_result(models.Author, "bad", needs=["books"], compute=lambda a: 1)
        with pytest.raises(ValueError, match="already has a field 'email'"):
            p.extend_result(models.Author, "email", needs=[], compute=lambda a: 1)

        a = r(p.author.create(data={"email": "ext@mw.io", "name": "Ext",
                                    "books": {"create": [{"title": "T1"}]}}))
        assert a.label == "Ext <ext@mw.io>" and label(a) == a.label and shout(a) == "EXT <EXT@MW.IO>"
        assert a.to_dict()["label"] == "Ext <ext@mw.io>"
        many = r(p.author.find_many(where={"email": "ext@mw.io"}))
        assert [x.label for x in many] == ["Ext <ext@mw.io>"]
        # Selecting the computed field selects what it needs.
        sel = r(p.author.find_unique(where={"email": "ext@mw.io"}, select={"id": True, "shout": True}))
        assert sel.shout == "EXT <EXT@MW.IO>" and sel.score is None
        # Without its needs it is not computed, and reading it typed says why.
        bare = r(p.author.find_unique(where={"email": "ext@mw.io"}, select={"id": True}))
        assert not hasattr(bare, "label")
        with pytest.raises(AttributeError, match="did not return name, email"):
            label(bare)
        omitted = r(p.author.find_unique(where={"email": "ext@mw.io"}, omit={"label": True}))
        assert not hasattr(omitted, "label") and not hasattr(omitted, "shout")
        # Nested records (include, relation select) are extended too.
        book = r(p.book.find_first(where={"title": "T1"}, include={"author": True}))
        assert book.author.label == "Ext <ext@mw.io>"
        book = r(p.book.find_first(where={"title": "T1"}, select={"author": {"select": {"label": True}}}))
        assert book.author.label == "Ext <ext@mw.io>"
        # In transactions and batches.
        async def in_tx():
            async with p.tx() as tx:
                return await tx.author.find_unique(where={"email": "ext@mw.io"})
        assert r(in_tx()).shout == "EXT <EXT@MW.IO>"
        res = r(p.batch([p.author.find_unique(where={"email": "ext@mw.io"}, select={"label": True})]))
        assert res[0].label == "Ext <ext@mw.io>"
    finally:
        p._core.extensions = None
        p._core.rehook()


def _metric(m, kind, key, **labels):
    for e in m[kind]:
        if e["key"] == key and e["labels"] == labels:
            return e["value"]
    raise AssertionError(f"no {kind} {key} {labels} in {m[kind]}")


def test_metrics(project, p):
    r = project.run
    before = r(p.metrics())
    r(p.author.find_many(take=1))
    r(p.author.find_many(take=1))
    r(p.batch([p.author.count(), p.author.count()]))
    r(p.query_raw("SELECT 1 AS one"))

    async def with_tx():
        async with p.tx() as tx:
            await tx.author.count()
            return await p.metrics()

    during = r(with_tx())
    after = r(p.metrics())
    total = _metric(after, "counters", "prisma_client_queries_total")
    assert total - _metric(before, "counters", "prisma_client_queries_total") == 6
    assert _metric(after, "counters", "prisma_datasource_queries_total") >= total
    count_ops = _metric(after, "counters", "prisma_client_operations_total", model="Author", action="count")
    assert count_ops - _metric(before, "counters", "prisma_client_operations_total", model="Author", action="count") == 3
    assert _metric(after, "counters", "prisma_client_operations_total", model="", action="queryRaw") >= 1
    h = _metric(after, "histograms", "prisma_client_operations_duration_histogram_ms", model="Author", action="findMany")
    assert h["count"] >= 2 and sum(n for _, n in h["buckets"]) == h["count"] and h["sum"] > 0
    assert [b for b, _ in h["buckets"]] == [0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000]
    # The transaction holds a connection while it is open.
    assert _metric(during, "gauges", "prisma_client_transactions_open") == 1
    assert _metric(during, "gauges", "prisma_pool_connections_busy") >= 1
    assert _metric(after, "gauges", "prisma_client_transactions_open") == 0
    limit = _metric(after, "gauges", "prisma_pool_connections_limit")
    open_ = _metric(after, "gauges", "prisma_pool_connections_open")
    assert 1 <= open_ <= limit
    assert _metric(after, "gauges", "prisma_pool_connections_idle") + _metric(after, "gauges", "prisma_pool_connections_busy") == open_
    text = r(p.metrics(format="prometheus"))
    assert "# TYPE prisma_client_queries_total counter" in text
    assert 'prisma_client_operations_duration_histogram_ms_bucket{action="findMany",le="+Inf",model="Author"}' not in text
    assert 'prisma_client_operations_duration_histogram_ms_bucket{action="findMany",model="Author",le="+Inf"}' in text
    with pytest.raises(ValueError):
        r(p.metrics(format="xml"))


@pytest.fixture
def spans(project, p):
    """The client, already connected, traced into an in-memory exporter;
    tracing off again after the test."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    project.run(p.connect())
    p.set_tracing(provider)
    yield exporter
    p.set_tracing(False)


def test_tracing_spans(project, p, spans):
    r = project.run
    r(p.author.create(data={"email": "trace@mw.io", "name": "secret-name"}))
    r(p.author.find_many(where={"email": "trace@mw.io"}))
    with pytest.raises(Exception):
        r(p.author.create(data={"email": "trace@mw.io"}))  # unique violation
    r(p.batch([p.author.count(), p.author.count()]))
    r(p.query_raw("SELECT 1 AS one"))
    got = spans.get_finished_spans()
    ops = [s for s in got if s.name == "prisma:client:operation"]
    assert [s.attributes["name"] for s in ops] == ["Author.create", "Author.findMany", "Author.create", "queryRaw"]
    find = ops[1]
    assert find.attributes["model"] == "Author" and find.attributes["action"] == "findMany"
    assert find.attributes["db.system"] == project.provider and find.attributes["duration_ms"] > 0
    failed = ops[2]
    assert failed.status.status_code.name == "ERROR" and failed.attributes["prisma.error_code"] == "P2002"
    stmts = [s for s in got if s.name == "prisma:engine:db_query" and s.parent.span_id == find.context.span_id]
    assert len(stmts) >= 1 and "SELECT" in stmts[0].attributes["db.statement"]
    assert stmts[0].start_time >= find.start_time and stmts[0].end_time <= find.end_time
    batch = next(s for s in got if s.name == "prisma:client:batch")
    assert batch.attributes["operations"] == 2 and list(batch.attributes["names"]) == ["Author.count", "Author.count"]
    assert any(s.parent and s.parent.span_id == batch.context.span_id for s in got if s.name == "prisma:engine:db_query")
    # Never a value: not the email or the name written, not the error message.
    for s in got:
        text = repr(dict(s.attributes)) + repr(s.status.description) + repr(s.events)
        assert "secret-name" not in text and "trace@mw.io" not in text


def test_tracing_wraps_middlewares_and_transactions(project, p, spans):
    r = project.run

    async def mw(params, next):
        from opentelemetry import trace
        assert trace.get_current_span().name == "prisma:client:operation"
        return await next(params)

    p.use(mw)

    async def in_tx():
        async with p.tx() as tx:
            return await tx.author.count()

    r(in_tx())
    got = spans.get_finished_spans()
    names = [s.name for s in got]
    assert names.count("prisma:client:operation") == 1 and "prisma:engine:db_query" in names
    # The block's span is the operation's parent, and says how it ended.
    txs = [s for s in got if s.name == "prisma:client:transaction"]
    op = next(s for s in got if s.name == "prisma:client:operation")
    assert len(txs) == 1 and op.parent.span_id == txs[0].context.span_id
    assert txs[0].attributes["outcome"] == "committed"

    async def failing():
        async with p.tx(isolation_level="Serializable") as tx:
            await tx.author.count()
            raise KeyError("boom")

    with pytest.raises(KeyError):
        r(failing())
    tx_span = [s for s in spans.get_finished_spans() if s.name == "prisma:client:transaction"][-1]
    assert tx_span.attributes["outcome"] == "rolled_back" and tx_span.attributes["isolation_level"] == "Serializable"
    # After the block, the current span is no longer the transaction's.
    from opentelemetry import trace
    assert not trace.get_current_span().get_span_context().is_valid


def test_tracing_keeps_the_query_log_as_configured(project, p, spans, caplog):
    """Tracing asks for statements per request: they are not logged unless
    logLevel asks; and no statements are asked for once tracing is off."""
    import logging
    r = project.run
    with caplog.at_level(logging.INFO, logger="caspian_prisma.query"):
        r(p.author.count())
    assert not [rec for rec in caplog.records if rec.name == "caspian_prisma.query"]
    assert any(s.name == "prisma:engine:db_query" for s in spans.get_finished_spans())
    p.set_tracing(False)
    spans.clear()
    r(p.author.count())
    assert spans.get_finished_spans() == ()


def test_middleware_sees_computed_fields_and_may_select_them(project, p):
    """Extensions apply inside the chain's end: a middleware's next() returns
    records with their computed fields, and a select a middleware adds that
    names one selects its needs."""
    r = project.run
    seen = []
    try:
        p.extend_result("Author", "tag", needs=["email"], compute=lambda a: a.email.split("@")[0])

        async def only_tag(params, next):
            if params.model == "Author" and params.action == "findFirst":
                params.args["select"] = {"tag": True}
            result = await next(params)
            seen.append(getattr(result, "tag", None))
            return result

        p.use(only_tag)
        got = r(p.author.find_first(where={"email": "a@mw.io"}))
        assert got.tag == "a" and seen == ["a"] and got.score is None
    finally:
        p._core.extensions = None
        p._core.rehook()
