"""Bridge tests: they need the engine library. Run them with
``PYTHONPATH=python pytest python/tests/bridge`` (source tree) or through
``make test-py`` (installed wheel). A source-tree run builds the library with
``go build`` when it is missing."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _ensure_library() -> None:
    from caspian_prisma import _native

    path = _native.library_path()
    if os.path.exists(path) or os.environ.get(_native.LIBRARY_ENV):
        return
    if not path.startswith(os.path.join(ROOT, "python")) or shutil.which("go") is None:
        return  # an installed package without its library: the tests will say so
    subprocess.run(
        ["go", "build", "-buildmode=c-shared", "-o", path, "./pybridge"],
        cwd=ROOT,
        check=True,
    )


_ensure_library()

_debug_methods = None


def library_has_debug_methods() -> bool:
    """Whether the loaded library answers debug.sleep: only one built with
    ``-tags caspian_debug`` does (``make build-debug``), never the wheel's."""
    global _debug_methods
    if _debug_methods is None:
        import asyncio

        from caspian_prisma._bridge import Engine
        from caspian_prisma.errors import PrismaError

        e = Engine({})
        try:
            asyncio.run(e.request("debug.sleep", {"ms": 0}))
            _debug_methods = True
        except PrismaError:
            _debug_methods = False
        finally:
            e.close()
    return _debug_methods


@pytest.fixture
def has_debug_methods() -> bool:
    return library_has_debug_methods()


def pytest_runtest_setup(item):
    if item.get_closest_marker("debug_methods") and not library_has_debug_methods():
        pytest.skip(
            "needs debug.sleep/debug.panic: run with CASPIAN_PRISMA_LIBRARY=build/debug/libcaspian_prisma.so "
            "(make build-debug), as make test-py does"
        )


@pytest.fixture
def engine():
    from caspian_prisma._bridge import Engine

    e = Engine({"schema": "", "url": "file:./bridge-test.db", "root": ROOT})
    yield e
    e.close()


@pytest.fixture
def run_python():
    """Run code in a fresh interpreter that imports this same caspian_prisma."""
    import caspian_prisma

    pkg_dir = os.path.abspath(list(caspian_prisma.__path__)[0])
    path = os.pathsep.join([os.path.dirname(pkg_dir)] + [p for p in sys.path if p])

    def run(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONPATH=path)
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env=env)

    return run


def _pythonpath() -> str:
    import caspian_prisma

    pkg_dir = os.path.abspath(list(caspian_prisma.__path__)[0])
    return os.pathsep.join([os.path.dirname(pkg_dir)] + [p for p in sys.path if p])


USER_SCHEMA = """datasource db {
  provider = "%s"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"""


def ppy_run(args, cwd, env=None):
    """Run ppy in a subprocess from this same caspian_prisma (no wheel needed)."""
    full = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full.update(env or {})
    full["PYTHONPATH"] = _pythonpath()
    return subprocess.run(
        [sys.executable, "-m", "caspian_prisma.cli", *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def make_client(tmp_path_factory):
    """make_client(provider, url=None) generates a client for a one-model
    schema (User: id, email) into <root>/<package>, pushes the schema when a
    url is given (written to <root>/.env as DATABASE_URL), and returns
    (root, package): import the package with root on sys.path."""

    def make(provider: str, url=None):
        root = str(tmp_path_factory.mktemp(f"client_{provider}"))
        os.makedirs(os.path.join(root, "prisma"))
        with open(os.path.join(root, "prisma", "schema.prisma"), "w") as f:
            f.write(USER_SCHEMA % provider)
        package = "gen_" + os.path.basename(root).replace("-", "_")
        if url:
            with open(os.path.join(root, ".env"), "w") as f:
                f.write(f'DATABASE_URL="{url}"\n')
            out = ppy_run(["db", "push"], root)
            assert out.returncode == 0, out.stdout + out.stderr
        out = ppy_run(["generate", "--output", package], root)
        assert out.returncode == 0, out.stdout + out.stderr
        return root, package

    return make
