"""Read replicas through the generated client: DATABASE_REPLICA_URLS in the
project's .env, resolved by the engine's config.resolve and passed to the
engine, routes query_raw and model reads to the streaming replica of
scripts/pg-replica-up.sh and writes and transactions to the primary.
(engine/replicas_test.go pauses the replica's replay to check each read
action; this checks the wiring from the app's .env to the engine.)"""
import asyncio
import os
import time

import pytest

from projectdb import PAGE_SCHEMA, replace_db

pytestmark = pytest.mark.skipif(
    not (os.environ.get("CASPIAN_TEST_POSTGRES_URL") and os.environ.get("CASPIAN_TEST_PG_REPLICA_URL")),
    reason="CASPIAN_TEST_POSTGRES_URL and CASPIAN_TEST_PG_REPLICA_URL (make test sets them)",
)


@pytest.fixture(scope="module")
def replicated(tmp_path_factory, e2e):
    with open(PAGE_SCHEMA) as f:
        text = f.read()
    proj = e2e.make_project(tmp_path_factory, "postgresql", text, "replicas")
    name = proj.url.rsplit("/", 1)[1].split("?", 1)[0]
    with open(os.path.join(proj.path, ".env"), "a") as f:
        # Two entries: the replica, and one that cannot be reached (skipped).
        bad = "postgresql://caspian:unreachable@127.0.0.1:1/x?connect_timeout=1"
        f.write(f'DATABASE_REPLICA_URLS="{replace_db(os.environ["CASPIAN_TEST_PG_REPLICA_URL"], name)}, {bad}"\n')
    yield proj
    e2e.close_project(proj)


def recovery(rows):
    return rows[0]["r"]


def test_reads_on_the_replica_writes_and_transactions_on_the_primary(replicated):
    p, run = replicated.prisma, replicated.run
    q = "SELECT pg_is_in_recovery() AS r"
    # Until the replica replays the pushed tables, reads fail there or fall
    # back. It replays every test database made before this one (each
    # CREATE DATABASE logs its template whole): minutes behind on a loaded
    # 2-core machine.
    deadline = time.monotonic() + 300
    while True:
        try:
            run(p.query_raw('SELECT count(*) AS n FROM "User"'))
            if any(recovery(run(p.query_raw(q))) for _ in range(4)):
                break
        except Exception:  # noqa: BLE001 - the table is not replayed yet
            pass
        assert time.monotonic() < deadline, "the replica never answered"
        time.sleep(0.1)
    # Reads alternate between the replica and the unreachable entry, which
    # the primary stands in for: both answer, the replica at least once.
    answers = {recovery(run(p.query_raw(q))) for _ in range(6)}
    assert True in answers
    user = run(p.user.create(data={"email": "replica@example.com"}))
    assert run(p.user.find_unique_or_throw(where={"email": "replica@example.com"})).id == user.id

    async def in_tx():
        async with p.tx() as tx:
            return recovery(await tx.query_raw(q))

    assert run(in_tx()) is False
    n = run(p.execute_raw('UPDATE "User" SET name = $1 WHERE email = $2', "R", "replica@example.com"))
    assert n == 1
