"""Process-level behaviour, each case in a fresh interpreter: the library is
loaded lazily; after fork() the parent's engine gives a clear error instead
of a hang while a new engine in the child works (it loads a private copy of
the library, see test_fork.py), and a child of a parent that never queried
works."""
import textwrap

FORK_AFTER_USE = textwrap.dedent(
    """
    import asyncio, multiprocessing as mp, os, sys
    from caspian_prisma._bridge import Engine
    from caspian_prisma.errors import EngineForkError

    engine = Engine({})
    assert asyncio.run(engine.request("engine.ping")) == "pong"

    def child(q, fresh):
        e = Engine({}) if fresh else engine
        try:
            q.put("child " + asyncio.run(e.request("engine.ping")))
        except EngineForkError as exc:
            q.put("EngineForkError: " + str(exc))

    ctx = mp.get_context("fork")
    for fresh in (False, True):
        q = ctx.Queue()
        p = ctx.Process(target=child, args=(q, fresh))
        p.start()
        print(q.get(timeout=20))
        p.join(20)
        assert p.exitcode == 0, p.exitcode

    # A plain fork whose child exits normally runs the atexit hooks: they must
    # not call into the inherited runtime either.
    pid = os.fork()
    if pid == 0:
        sys.exit(0)
    _, status = os.waitpid(pid, 0)
    print("plain fork child status", status)
    # The parent is unaffected.
    print("parent", asyncio.run(engine.request("engine.ping")))
    """
)

FORK_BEFORE_USE = textwrap.dedent(
    """
    import asyncio, multiprocessing as mp
    from caspian_prisma import _native
    from caspian_prisma._bridge import Engine

    engine = Engine({})  # created, never used: the library is not loaded

    def child(q):
        q.put(asyncio.run(engine.request("engine.ping")))

    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=child, args=(q,))
    p.start()
    print("child", q.get(timeout=20))
    p.join(20)
    print("parent loaded before?", _native.is_loaded())
    print("parent", asyncio.run(engine.request("engine.ping")))
    """
)

LAZY = textwrap.dedent(
    """
    import importlib
    import caspian_prisma
    for mod in ("errors", "_codec", "_native", "_bridge", "cli"):
        importlib.import_module("caspian_prisma." + mod)
    from caspian_prisma import _native
    from caspian_prisma._bridge import Engine
    Engine({"url": "file:./x.db"})
    with open("/proc/self/maps") as f:
        mapped = "libcaspian_prisma" in f.read()
    print("loaded", _native.is_loaded(), "mapped", mapped)
    """
)

MISSING = textwrap.dedent(
    """
    import asyncio, os
    os.environ["CASPIAN_PRISMA_LIBRARY"] = "/nonexistent/libcaspian_prisma.so"
    from caspian_prisma._bridge import Engine
    from caspian_prisma.errors import EngineLoadError
    try:
        asyncio.run(Engine({}).request("engine.ping"))
    except EngineLoadError as exc:
        print("EngineLoadError:", exc)
    """
)


def test_fork_after_first_query_is_a_clear_error(run_python):
    out = run_python(FORK_AFTER_USE, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 4, out.stdout + out.stderr
    # The inherited engine refuses, and says what works ...
    assert lines[0].startswith("EngineForkError: this client's engine was started in the parent process (pid ")
    assert "Create a new client in the child, or reconnect this one" in lines[0]
    # ... and what it says works: a new engine in the child.
    assert lines[1] == "child pong"
    assert lines[2] == "plain fork child status 0"
    assert lines[3] == "parent pong"


def test_fork_before_first_query_works(run_python):
    out = run_python(FORK_BEFORE_USE, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["child pong", "parent loaded before? False", "parent pong"]


def test_library_not_loaded_at_import(run_python):
    out = run_python(LAZY)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "loaded False mapped False"


def test_missing_library_is_a_clear_error(run_python):
    out = run_python(MISSING)
    assert out.returncode == 0, out.stderr
    assert "EngineLoadError: the engine library is missing: /nonexistent/libcaspian_prisma.so" in out.stdout
    assert "make build" in out.stdout
