"""The WebAssembly engine (caspian_prisma._wasm) from Python: the choice at
first use, a request's round trip through the worker thread, cancellation,
config.resolve, and the error for a PostgreSQL URL. Each case runs in a
subprocess, since the choice is made once per process. Skipped without
wasmtime or the module (``make wasm`` writes build/wasm/caspian_prisma.wasm;
``$CASPIAN_PRISMA_WASM`` names another). The SQLite client suite runs on
this engine too: ``make test-py-wasm``."""
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULE = os.environ.get("CASPIAN_PRISMA_WASM") or os.path.join(ROOT, "build", "wasm", "caspian_prisma.wasm")

pytestmark = [
    pytest.mark.skipif(not os.path.exists(MODULE), reason=f"{MODULE} is missing (make wasm)"),
]


def run(code: str, **env: str) -> str:
    pytest.importorskip("wasmtime")
    full = dict(os.environ, CASPIAN_PRISMA_WASM=MODULE, **env)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=full, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_choice_and_round_trip(tmp_path):
    out = run(f"""
        import asyncio
        from caspian_prisma import _bridge, _wasm, config
        assert _wasm.selected()
        e = _bridge.Engine({{"url": "file:{tmp_path}/w.db"}})

        async def main():
            assert await e.request("engine.ping") == "pong"
            await e.request("query.raw", {{"sql": "CREATE TABLE t (a INTEGER)", "args": [], "kind": "execute"}})
            got = await asyncio.gather(*[
                e.request("query.raw", {{"sql": "INSERT INTO t VALUES (?) RETURNING a", "args": [i], "kind": "query"}})
                for i in range(20)
            ])
            assert sorted(r["rows"][0][0] for r in got) == list(range(20))
            # A cancelled await raises CancelledError; the engine goes on.
            task = asyncio.ensure_future(e.request("query.raw", {{"sql": "SELECT count(*) FROM t", "args": [], "kind": "query"}}))
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            r = await e.request("query.raw", {{"sql": "SELECT count(*) FROM t", "args": [], "kind": "query"}})
            print(r["rows"][0][0])

        asyncio.run(main())
        e.close()
        print(config.resolve(cwd={str(tmp_path)!r}, environ={{"DATABASE_URL": "file:./x.db"}}).url)
    """, CASPIAN_PRISMA_ENGINE="wasm")
    assert out.split() == ["20", "file:./x.db"]


def test_postgres_url_names_the_native_wheel():
    out = run("""
        import asyncio
        from caspian_prisma import _bridge
        from caspian_prisma.errors import PrismaError
        e = _bridge.Engine({"url": "postgresql://u:s3cret@127.0.0.1:5432/db"})
        try:
            asyncio.run(e.request("query.raw", {"sql": "SELECT 1", "args": [], "kind": "query"}))
        except PrismaError as exc:
            print(exc.code, exc)
    """, CASPIAN_PRISMA_ENGINE="wasm")
    assert out.startswith("P1001 ") and "native wheel" in out and "s3cret" not in out


def test_bad_choice_is_refused():
    out = run("""
        from caspian_prisma import _wasm
        from caspian_prisma.errors import EngineLoadError
        try:
            _wasm.selected()
        except EngineLoadError as exc:
            print(exc)
    """, CASPIAN_PRISMA_ENGINE="wasmtime")
    assert "must be `wasm` or `native`" in out


def test_native_is_chosen_when_present():
    out = run("""
        from caspian_prisma import _native, _wasm
        import os
        print(_wasm.selected(), os.path.exists(_native.library_path()))
    """, CASPIAN_PRISMA_ENGINE="")
    assert out.split() in (["False", "True"], ["True", "False"])


def test_a_write_waits_for_an_open_transaction_without_stalling_it(tmp_path):
    # One instance runs requests side by side (cp_submit/cp_poll): the
    # transaction's own statements go on while another write waits for its
    # commit, as with the native library.
    out = run(f"""
        import asyncio, time
        from caspian_prisma import _bridge
        e = _bridge.Engine({{"url": "file:{tmp_path}/t.db"}})

        def raw(sql, **kw):
            return e.request("query.raw", dict(sql=sql, args=[], kind="execute", **kw))

        async def main():
            await raw("CREATE TABLE t (a INTEGER)")
            tx = await e.request("tx.begin", {{"token": "k", "timeout_ms": 20000, "max_wait_ms": 2000}})
            other = asyncio.ensure_future(raw("INSERT INTO t VALUES (2)"))
            await asyncio.sleep(0.05)
            start = time.monotonic()
            await raw("INSERT INTO t VALUES (1)", tx=tx)
            await e.request("tx.commit", {{"tx": tx}})
            await other
            print(round(time.monotonic() - start))

        asyncio.run(main())
    """, CASPIAN_PRISMA_ENGINE="wasm")
    assert out.split() == ["0"]
