"""The bench harness: our generated client against the raw drivers and the ORMs.

Numbers come from `make bench` (bench/run.py), never from a timed test; the
test suite only runs `bench/run.py --quick` to prove the harness completes.

Layout:
    run.py        the command line: set-up, the matrix, extras, agents, output
    core.py       dataset, seeding, one database copy per stack, measure()
    ours.py       our full path: the generated client, model objects
    peers/        one module per peer (raw drivers, SQLAlchemy, Tortoise, Piccolo)
    workloads.py  the workload matrix: every stack on the same data
    extras.py     cold start, RSS after many queries, 10,000 awaits at once
    agents.py     the RPC-agent harness (load generator + server lifecycle)
    agents_app.py the Starlette app the agents call (our client or SQLAlchemy)
    report.py     the printed table
    chart.py      the PNG chart of the ratios

Every stack gets its own copy of one seeded database (SQLite: a copy of the
file; PostgreSQL: CREATE DATABASE ... TEMPLATE), so writes by one never show
in another's reads and all start from the same rows.
"""
