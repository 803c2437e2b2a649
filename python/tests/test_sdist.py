"""The sdist (`make sdist`, scripts/wheel_backend.py's build_sdist).

- It holds what `go build ./pybridge` reads (asked of `go list -deps`), the
  Python package, the backend and its metadata, and nothing else: no tests,
  no testdata, no prebuilt library.
- `pip install` of it in a fresh venv compiles the engine with Go (warm Go
  build cache: ~30 s; cold: a minute or more) and gives a package that works
  as the wheel's does (python/tests/pkgcheck.py).
- Where Go is missing or too old, or cgo's C compiler is missing, pip fails
  with a message naming what to install, not a cgo error or a traceback.

Each test builds its own sdist from the tree into tmp_path (about a second),
so none depends on what dist/ holds.
"""
import os
import shutil
import subprocess
import sys
import tarfile

import pytest

import pkgcheck
from pkgcheck import ROOT, check_metadata, twine_check

GO = shutil.which("go")


def _backend():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import golib
        import wheel_backend
    finally:
        sys.path.pop(0)
    return wheel_backend, golib


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    if not GO:
        pytest.skip("go is not on PATH: the sdist's file list comes from `go list -deps`")
    backend, _ = _backend()
    out = tmp_path_factory.mktemp("sdist")
    return str(out / backend.build_sdist(str(out)))


def _names(sdist: str) -> list[str]:
    with tarfile.open(sdist) as tf:
        return tf.getnames()


def test_sdist_holds_the_build_inputs_and_nothing_else(sdist):
    names = _names(sdist)
    base = os.path.basename(sdist)[:-len(".tar.gz")]
    assert base == "caspian_prisma-" + base.split("-")[1]
    assert all(n.startswith(base + "/") for n in names), names
    rel = {n[len(base) + 1:] for n in names}
    for need in ("PKG-INFO", "pyproject.toml", "README.md", "go.mod", "go.sum", "scripts/wheel_backend.py",
                 "scripts/golib.py", "scripts/elfdeps.py", "pybridge/manylinux.h", "pybridge/caspian_prisma.h",
                 "python/caspian_prisma/__init__.py", "python/caspian_prisma/py.typed"):
        assert need in rel, f"{need} is not in {sdist}"
    dirs = subprocess.run([GO, "list", "-deps", "-tags", "netgo", "-f",
                           "{{if .Module}}{{if .Module.Main}}{{.Dir}}{{end}}{{end}}", "./pybridge"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for d in dirs:
        r = os.path.relpath(d, ROOT)
        assert any(n.startswith(r + "/") and n.endswith(".go") for n in rel), f"package {r} is missing"
    unwanted = [n for n in rel if n.endswith(("_test.go", ".so", ".pyc")) or "testdata/" in n
                or n.startswith(("python/tests/", "bench/", "examples/", "npm/"))]
    assert not unwanted, unwanted
    assert os.path.getsize(sdist) < 1_000_000, f"{sdist}: {os.path.getsize(sdist)} bytes"
    with tarfile.open(sdist) as tf:
        check_metadata(tf.extractfile(f"{base}/PKG-INFO").read().decode())


def test_twine_check_passes_on_the_sdist(sdist):
    twine_check(sdist)


def test_pip_install_of_the_sdist_builds_a_working_package(sdist, tmp_path):
    bin_dir = pkgcheck.fresh_venv(str(tmp_path / "venv"))
    # The sdist holds no library (checked above), so the one that answers the
    # query was compiled by this install; --no-cache-dir: not taken from
    # pip's cache of wheels it built from a same-named sdist before.
    pkgcheck.run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "--no-cache-dir",
                  "--disable-pip-version-check", sdist], bin_dir, str(tmp_path), 900)
    pkgcheck.check_installed(bin_dir, str(tmp_path))


def _no_go_path(tmp_path) -> str:
    """PATH with every directory holding a `go` replaced by a copy without it."""
    dirs = []
    for i, d in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        if d and os.path.exists(os.path.join(d, "go")):
            shadow = tmp_path / f"path{i}"
            shadow.mkdir()
            for fn in os.listdir(d):
                if fn != "go":
                    os.symlink(os.path.join(d, fn), shadow / fn)
            d = str(shadow)
        dirs.append(d)
    return os.pathsep.join(dirs)


def _pip_install_fails(sdist, tmp_path, env: dict) -> str:
    bin_dir = pkgcheck.fresh_venv(str(tmp_path / "venv"))
    env = {**os.environ, **env}
    env["PATH"] = bin_dir + os.pathsep + env["PATH"]
    out = subprocess.run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "--disable-pip-version-check",
                          "--no-cache-dir", "--no-deps", sdist], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode != 0, out.stdout
    text = out.stdout + out.stderr
    assert "Traceback" not in text, text
    return text


def test_pip_install_without_go_says_what_to_install(sdist, tmp_path):
    path = _no_go_path(tmp_path)
    assert not shutil.which("go", path=path)
    text = _pip_install_fails(sdist, tmp_path, {"PATH": path})
    assert "cannot build the engine library from source: no `go` command on PATH" in text, text
    _, golib = _backend()
    need = ".".join(map(str, golib.required_go(ROOT)))
    assert f"install Go {need} or newer" in text and "C compiler" in text, text


def test_pip_install_without_a_c_compiler_says_so(sdist, tmp_path):
    if not GO:
        pytest.skip("needs go")
    text = _pip_install_fails(sdist, tmp_path, {"CC": "no-such-cc"})
    assert "no C compiler: cgo calls `no-such-cc` (go env CC), which is not on PATH" in text, text


def test_an_older_go_is_named(tmp_path, monkeypatch):
    """A Go older than go.mod's is refused before it tries to download the
    newer toolchain (or fails on syntax it does not know)."""
    _, golib = _backend()
    fake = tmp_path / "go"
    fake.write_text("#!/bin/sh\nprintf 'go1.20.1\\ngcc\\n/nonexistent/go-build\\n'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GO", str(fake))
    need = ".".join(map(str, golib.required_go(ROOT)))
    with pytest.raises(golib.ToolchainError, match=rf"is go1\.20\.1, go\.mod needs go{need} or newer"):
        golib.go_env(ROOT)
