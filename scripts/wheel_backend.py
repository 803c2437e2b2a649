"""A minimal PEP 517 backend that builds the caspian-prisma wheel and sdist.

The package is pure Python plus one c-shared library
(python/caspian_prisma/_lib/libcaspian_prisma.so, written by `make build`).
Python loads it with ctypes, so one wheel serves every Python 3 version: the
tag is py3-none-<platform>. Nothing here needs setuptools (`requires = []`).

Where the library is missing (an unpacked sdist, a clean checkout),
build_wheel compiles it with scripts/golib.py, the build `make build` runs,
which first checks for Go (go.mod's version or newer) and a C compiler and
names whichever is missing. The sdist (build_sdist, `make sdist`) holds what
that needs and no more: the Go packages ./pybridge imports from this module
(`go list -deps`), go.mod/go.sum, the Python package, this backend.

The platform is read off the library itself (scripts/elfdeps.py), so the same
backend writes the x86_64 and the cross-built aarch64 wheel (`make wheels`):

- linked against glibc: manylinux_2_17_<arch>. 2.17 is the oldest glibc a Go
  library can promise: Go 1.24 and later need Linux 3.2, so the older
  manylinux baselines (2_5 and 2_12: CentOS 5 and 6, kernel 2.6.x) are out of
  reach whatever the symbols, and aarch64's glibc starts at 2.17.
  pybridge/manylinux.h binds the symbols that newer glibcs versioned anew to
  their old versions; a library that still needs a GLIBC_x.y past 2.17 is
  refused here, naming the symbols, rather than tagged higher.
- musl: no wheel; musl cannot dlopen a Go c-shared library (CONTRIBUTING.md).

`--wasm` writes the other wheel, py3-none-any (build_wasm_wheel): the same
package with the engine as a WebAssembly module instead of the library, for
every platform without a native wheel.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import zipfile

import elfdeps  # scripts/ is the backend path (pyproject.toml backend-path)
import golib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG_DIR = os.path.join(ROOT, "python", "caspian_prisma")
LIB = os.path.join(PKG_DIR, "_lib", "libcaspian_prisma.so")
NAME = "caspian_prisma"


def _project() -> dict:
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - older build interpreters
        import tomli as tomllib  # type: ignore
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


GLIBC_FLOOR = (2, 17)


def platform_tag(lib: str, local: bool = False) -> str:
    """The wheel platform tag that lib can honestly carry (see the module doc).
    local: lib was just compiled on this machine (from the sdist), so a glibc
    past the floor gets the plain linux_<arch> tag, which pip installs here
    and no index accepts, rather than no wheel at all."""
    deps = elfdeps.read(lib)
    if "libc.so.6" in deps.needed:
        newer = deps.newer_than(GLIBC_FLOOR)
        if newer and local:
            print(f"wheel_backend: {lib} needs glibc past {GLIBC_FLOOR}: tagged linux_{deps.machine}, "
                  "for this machine only", file=sys.stderr)
            return f"linux_{deps.machine}"
        if newer:
            detail = "; ".join(f"{v}: {' '.join(syms) or '(no symbol)'}" for v, syms in sorted(newer.items()))
            raise RuntimeError(
                f"{lib} needs a glibc newer than {GLIBC_FLOOR[0]}.{GLIBC_FLOOR[1]} ({detail}): "
                "pin these symbols in pybridge/manylinux.h (or build with `make build`)")
        return f"manylinux_{GLIBC_FLOOR[0]}_{GLIBC_FLOOR[1]}_{deps.machine}"
    raise RuntimeError(f"{lib} does not link glibc (needs {deps.needed}): only manylinux wheels are built")


def _metadata(p: dict) -> str:
    """Core metadata (packaging.python.org/specifications/core-metadata/) for
    the wheel's METADATA and the sdist's PKG-INFO. 2.2 because an sdist's
    PKG-INFO must be 2.2 or later; nothing is Dynamic, so the wheel built from
    the sdist carries the same fields. License is the free-text field rather
    than 2.4's License-Expression: pip before 25.1 shows only the former in
    `pip show`, and a 2.4 file may not carry the license classifier."""
    lines = [
        "Metadata-Version: 2.2",
        f"Name: {p['name']}",
        f"Version: {p['version']}",
        f"Summary: {p['description']}",
        f"Requires-Python: {p['requires-python']}",
        f"License: {p['license']['text']}",
    ]
    urls = p.get("urls", {})
    lines += [f"Home-page: {url}" for label, url in urls.items() if label.lower() == "homepage"]
    lines += [f"Project-URL: {label}, {url}" for label, url in urls.items()]
    lines += [f"Classifier: {c}" for c in p.get("classifiers", [])]
    lines += [f"Requires-Dist: {d}" for d in p.get("dependencies", [])]
    readme = os.path.join(ROOT, p.get("readme", "README.md"))
    body = ""
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


def _entry_points(p: dict) -> str:
    scripts = "".join(f"{k} = {v}\n" for k, v in p.get("scripts", {}).items())
    return f"[console_scripts]\n{scripts}"


def _files() -> list[tuple[str, str]]:
    """(archive name, path on disk) for every file of the package."""
    out = []
    for dirpath, dirnames, filenames in os.walk(PKG_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            if fn.endswith((".pyc", ".h")) or fn == ".gitignore":
                continue
            path = os.path.join(dirpath, fn)
            out.append((NAME + "/" + os.path.relpath(path, PKG_DIR).replace(os.sep, "/"), path))
    return out


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 517 hook. config_settings["lib"] names another build of the library
    (the cross-built aarch64 one) to package instead of the one in _lib/;
    without it, a missing _lib/ library is compiled here (from the sdist)."""
    lib = (config_settings or {}).get("lib")
    compiled = False
    if lib and not os.path.exists(lib):
        raise RuntimeError(f"{lib} is missing: run `make build-arm64` (or make build) first")
    if not lib:
        lib = LIB
        if not os.path.exists(lib):
            try:
                golib.build(lib, ROOT)
            except golib.ToolchainError as e:
                # SystemExit: pip prints just this under "Building wheel ...
                # did not run successfully", not a backend traceback.
                raise SystemExit(f"caspian-prisma: cannot build the engine library from source: {e}") from e
            compiled = True
    with open(lib, "rb") as f:
        engine = (f"{NAME}/_lib/libcaspian_prisma.so", f.read(), 0o755)
    return _write_wheel(wheel_directory, f"py3-none-{platform_tag(lib, local=compiled)}", engine, _project())


#: The WebAssembly wheel's runtime, on top of pyproject's dependencies.
WASMTIME_REQUIREMENT = "wasmtime>=30"


def build_wasm_wheel(wheel_directory: str, module: str) -> str:
    """The any-platform wheel (``make wheel-wasm``): the Python package and
    the engine as a WebAssembly module (``make wasm``), which caspian_prisma
    runs with wasmtime where no native library is installed; py3-none-any,
    and wasmtime is a dependency. Not a PEP 517 hook: pip builds the native
    wheel."""
    if not os.path.exists(module):
        raise RuntimeError(f"{module} is missing: run `make wasm` first")
    p = dict(_project())
    p["dependencies"] = list(p.get("dependencies", [])) + [WASMTIME_REQUIREMENT]
    with open(module, "rb") as f:
        engine = (f"{NAME}/_lib/caspian_prisma.wasm", f.read(), 0o644)
    return _write_wheel(wheel_directory, "py3-none-any", engine, p)


def _write_wheel(wheel_directory: str, tag: str, engine: tuple, p: dict) -> str:
    """Writes the wheel of tag: the package's files (no engine build that
    sits in _lib/), then engine, (archive name, bytes, mode)."""
    version = p["version"]
    dist_info = f"{NAME}-{version}.dist-info"
    wheel_name = f"{NAME}-{version}-{tag}.whl"
    os.makedirs(wheel_directory, exist_ok=True)
    target = os.path.join(wheel_directory, wheel_name)
    records = []
    with zipfile.ZipFile(target + ".tmp", "w", zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes, mode: int = 0o644) -> None:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            records.append(_record_line(name, data))

        for name, path in _files():
            if name.endswith((".so", ".wasm")):
                continue  # whatever build sits in _lib/: the wheel takes engine
            with open(path, "rb") as f:
                add(name, f.read())
        add(*engine)
        add(f"{dist_info}/METADATA", _metadata(p).encode())
        purelib = "true" if tag.endswith("-any") else "false"
        add(f"{dist_info}/WHEEL", (
            "Wheel-Version: 1.0\nGenerator: caspian-prisma wheel_backend\n"
            f"Root-Is-Purelib: {purelib}\nTag: {tag}\n").encode())
        add(f"{dist_info}/entry_points.txt", _entry_points(p).encode())
        record = "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n"
        zf.writestr(f"{dist_info}/RECORD", record)
    os.replace(target + ".tmp", target)
    return wheel_name


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    """PEP 517 hook: the metadata without building, so pip resolves an sdist's
    dependencies (or `pip download`s it) without compiling the engine; build_wheel
    writes the same files into the wheel."""
    p = _project()
    dist_info = os.path.join(metadata_directory, f"{NAME}-{p['version']}.dist-info")
    os.makedirs(dist_info, exist_ok=True)
    for name, data in (("METADATA", _metadata(p)), ("entry_points.txt", _entry_points(p))):
        with open(os.path.join(dist_info, name), "w", encoding="utf-8") as f:
            f.write(data)
    return os.path.basename(dist_info)


def get_requires_for_build_sdist(config_settings=None):
    return []


# Per Go package directory, the files a build can read: a cross build or
# another build tag picks other .go files of the same directory, so all of
# them but the tests go (embedded files are added by name).
GO_BUILD_EXT = (".go", ".h", ".c", ".s", ".S")


def _go_files() -> list[str]:
    """Paths (relative to ROOT) of every file `go build ./pybridge` reads from
    this module, asked of `go list -deps` with the shipped build's tags."""
    env = golib.go_env(ROOT, need_cc=False)
    fmt = "{{if .Module}}{{if .Module.Main}}{{.Dir}}\t{{join .EmbedFiles \"\\t\"}}{{end}}{{end}}"
    out = subprocess.run([env["go"], "list", "-deps", "-tags", golib.TAGS, "-f", fmt, "./pybridge"],
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"go list -deps ./pybridge failed: {out.stderr.strip()}")
    files = ["go.mod", "go.sum"]
    for line in out.stdout.splitlines():
        if not line.strip():
            continue
        d, *embeds = line.split("\t")
        rel = os.path.relpath(d, ROOT)
        for fn in sorted(os.listdir(d)):
            if fn.endswith(GO_BUILD_EXT) and not fn.endswith("_test.go") and os.path.isfile(os.path.join(d, fn)):
                files.append(os.path.join(rel, fn))
        files += [os.path.join(rel, e) for e in embeds if e]
    return sorted(set(files))


def sdist_files() -> list[str]:
    """Everything the sdist holds besides PKG-INFO, relative to ROOT."""
    files = ["pyproject.toml", "README.md", "scripts/wheel_backend.py", "scripts/elfdeps.py", "scripts/golib.py"]
    files += [os.path.relpath(path, ROOT) for name, path in _files() if not name.endswith(".so")]
    return sorted(set(files + _go_files()))


def build_sdist(sdist_directory, config_settings=None):
    """PEP 517 hook: <name>-<version>.tar.gz (packaging.python.org's "Source
    distribution format"), with fixed mtimes and owners so that the same tree
    gives the same archive."""
    p = _project()
    base = f"{NAME}-{p['version']}"
    os.makedirs(sdist_directory, exist_ok=True)
    target = os.path.join(sdist_directory, base + ".tar.gz")
    mtime = 1767225600  # 2026-01-01, as the wheel's zip entries

    def add(tf: tarfile.TarFile, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(f"{base}/{name}")
        info.size, info.mtime, info.mode = len(data), mtime, 0o644
        tf.addfile(info, io.BytesIO(data))

    with open(target + ".tmp", "wb") as raw:
        with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=mtime) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tf:
            add(tf, "PKG-INFO", _metadata(p).encode())
            for rel in sdist_files():
                with open(os.path.join(ROOT, rel), "rb") as f:
                    add(tf, rel.replace(os.sep, "/"), f.read())
    os.replace(target + ".tmp", target)
    return os.path.basename(target)


if __name__ == "__main__":
    # wheel_backend.py [DIST_DIR [LIB]]     the wheel
    # wheel_backend.py --sdist [DIST_DIR]    the sdist
    # wheel_backend.py --wasm DIST_DIR MODULE  the any-platform WebAssembly wheel
    if sys.argv[1:2] == ["--wasm"]:
        print(os.path.join(sys.argv[2], build_wasm_wheel(sys.argv[2], sys.argv[3])))
        sys.exit()
    if sys.argv[1:2] == ["--sdist"]:
        out = sys.argv[2] if len(sys.argv) > 2 else "dist"
        print(os.path.join(out, build_sdist(out)))
        sys.exit()
    out = sys.argv[1] if len(sys.argv) > 1 else "dist"
    settings = {"lib": sys.argv[2]} if len(sys.argv) > 2 else None
    print(os.path.join(out, build_wheel(out, settings)))
