"""The real wheels in dist/.

- The one for this machine, installed into a brand-new venv with nothing but
  its declared dependencies, gives `ppy` and `caspian_prisma`, importing the
  package does not load the engine library, and `ppy db push`, `ppy generate`
  and a query through the generated client work (python/tests/pkgcheck.py).
  scripts/test-pythons.sh runs this file on every CPython from 3.11, so that
  is a fresh venv per interpreter.
- Its METADATA is what pyproject.toml declares, valid core metadata
  (packaging's validator) that `twine check --strict` accepts, so `pip show`
  has the summary, license, URLs and classifiers.
- Every wheel there (`make wheels`: x86_64 and aarch64) carries the platform
  tag that auditwheel derives from its library, and that tag is
  manylinux_2_17: the backend (scripts/wheel_backend.py) chose it from the
  library, auditwheel checks it independently.
- The backend refuses a library that needs a newer glibc than the tag
  promises, and pybridge/manylinux.h is what keeps the engine under it.
"""
import glob
import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import pkgcheck

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.path.join(ROOT, "dist")
WHEEL_ARCHES = ("x86_64", "aarch64")


def _wheels() -> list[str]:
    return sorted(glob.glob(os.path.join(DIST, "caspian_prisma-*.whl")))


def _platform(wheel: str) -> str:
    # name-version-py3-none-<platform>.whl
    return os.path.basename(wheel)[:-len(".whl")].split("-")[4]


def _host_wheel() -> str:
    arch = platform.machine()
    mine = [w for w in _wheels() if _platform(w).endswith("_" + arch)]
    if not mine:
        pytest.fail(f"no {arch} wheel in dist/: run make wheel (found {_wheels()})")
    assert len(mine) == 1, f"more than one {arch} wheel in dist/: {mine}"
    return mine[0]


def test_wheel_installs_into_fresh_venv(tmp_path):
    wheel = _host_wheel()
    assert _platform(wheel) == f"manylinux_2_17_{platform.machine()}", wheel
    bin_dir = pkgcheck.fresh_venv(str(tmp_path / "venv"))
    pkgcheck.run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                  wheel], bin_dir, str(tmp_path), 600)
    probe = (
        "import caspian_prisma._native as n, caspian_prisma, os;"
        "print(os.path.exists(os.path.join(os.path.dirname(caspian_prisma.__file__), '_lib', 'libcaspian_prisma.so')));"
        "print(n.is_loaded())"
    )
    out = pkgcheck.run([os.path.join(bin_dir, "python"), "-c", probe], bin_dir, str(tmp_path), 60)
    assert out.split() == ["True", "False"], "the library is missing, or importing the package loaded it"
    pkgcheck.check_installed(bin_dir, str(tmp_path))


def test_wasm_wheel_installs_into_fresh_venv(tmp_path):
    """The py3-none-any wheel (make wheel-wasm) alone, with what pip brings
    (msgpack, wasmtime): the package chooses the WebAssembly engine by
    itself, and ppy db push, ppy generate and a query work on SQLite."""
    wheels = [w for w in _wheels() if _platform(w) == "any"]
    if not wheels:
        pytest.skip("no py3-none-any wheel in dist/: make wheel-wasm")
    [wheel] = wheels
    metadata = wheel_metadata(wheel)
    assert "Requires-Dist: wasmtime" in metadata, metadata
    pkgcheck.twine_check(wheel)
    bin_dir = pkgcheck.fresh_venv(str(tmp_path / "venv"))
    pkgcheck.run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                  wheel], bin_dir, str(tmp_path), 600)
    probe = (
        "import caspian_prisma._wasm as w, caspian_prisma._native as n, os;"
        "print(os.path.exists(n.library_path()), os.path.exists(w.module_path()), w.selected())"
    )
    out = pkgcheck.run([os.path.join(bin_dir, "python"), "-c", probe], bin_dir, str(tmp_path), 60,
                       env={"CASPIAN_PRISMA_ENGINE": "", "CASPIAN_PRISMA_WASM": ""})
    assert out.split() == ["False", "True", "True"], out
    pkgcheck.check_installed(bin_dir, str(tmp_path), wasm=True)


def wheel_metadata(wheel: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        [name] = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return zf.read(name).decode()


def test_wheel_metadata_is_what_pyproject_declares():
    pkgcheck.check_metadata(wheel_metadata(_host_wheel()))


def test_twine_check_passes_on_the_wheel():
    pkgcheck.twine_check(_host_wheel())


def _auditwheel() -> list[str]:
    exe = shutil.which("auditwheel", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not exe:
        pytest.fail("auditwheel is not installed: `make install` puts it into .venv (DEV_PKGS)")
    return [exe]


def test_wheel_tags_are_what_auditwheel_finds():
    wheels = _wheels()
    _host_wheel()  # this machine's wheel at least: a dist/ without it checks nothing
    for wheel in wheels:
        tag = _platform(wheel)
        if tag == "any":
            continue  # the WebAssembly wheel: no ELF (test_wasm_wheel_installs_into_fresh_venv)
        assert tag.endswith(WHEEL_ARCHES), f"{wheel}: an architecture the wheels are not built for"
        out = subprocess.run([*_auditwheel(), "show", wheel], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, f"auditwheel show {wheel}:\n{out.stdout}\n{out.stderr}"
        text = " ".join(out.stdout.split())  # auditwheel wraps its lines
        m = re.search(r'is consistent with the following platform tag: "([^"]+)"', text)
        assert m, f"auditwheel show {wheel} printed no verdict:\n{out.stdout}"
        assert m.group(1) == tag, f"{os.path.basename(wheel)} is tagged {tag}, auditwheel says {m.group(1)}"
        assert tag.startswith("manylinux_2_17_"), f"{wheel}: the engine should need glibc 2.17 at most"
        assert "requires no external shared libraries" in text or "constrains the platform tag" in text, text


def _backend():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import wheel_backend
    finally:
        sys.path.pop(0)
    return wheel_backend


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to build a probe library")
def test_backend_refuses_a_library_past_the_glibc_floor(tmp_path):
    """A library calling pthread_create links GLIBC_2.34 on a new glibc: the
    backend must refuse it, naming the symbol, and accept it once
    pybridge/manylinux.h pins the symbol (what the Makefile does)."""
    backend = _backend()
    src = tmp_path / "probe.c"
    src.write_text(
        "#include <pthread.h>\n"
        "static void *run(void *a) { return a; }\n"
        "int probe(void) { pthread_t t; return pthread_create(&t, 0, run, 0); }\n")
    plain = tmp_path / "plain.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(plain), str(src)], check=True)
    glibc = backend.elfdeps.read(str(plain)).glibc()
    if glibc <= backend.GLIBC_FLOOR:
        pytest.skip(f"this machine's glibc links pthread_create at {glibc}: nothing to pin")
    with pytest.raises(RuntimeError, match=r"GLIBC_2\.\d+: .*pthread_create"):
        backend.platform_tag(str(plain))
    pinned = tmp_path / "pinned.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-include", os.path.join(ROOT, "pybridge", "manylinux.h"),
                    "-o", str(pinned), str(src)], check=True)
    assert backend.platform_tag(str(pinned)) == f"manylinux_2_17_{platform.machine()}"
