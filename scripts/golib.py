"""How the shipped engine library is built: `go build -buildmode=c-shared` of
./pybridge with the flags that keep it manylinux_2_17 (CONTRIBUTING.md, "How
the wheel's platform tag is chosen").

One place for the three callers, so a library built from the sdist is the same
build as the one in the published wheels:
- `make build` and `make build-arm64` (GOARCH and CC from the environment),
- the wheel backend, when `pip install caspian_prisma-<v>.tar.gz` builds the
  wheel from source (scripts/wheel_backend.py).

The flags:
- pybridge/manylinux.h, forced into every C file (runtime/cgo's too), binds
  the pthread symbols glibc 2.32/2.34 re-versioned to their old versions. Go's
  build cache keys on CGO_CFLAGS but does not read the forced header, so the
  header is included from a copy named by its hash (next to GOCACHE): a
  changed header is a new path, hence a rebuild, and the same header is the
  same path from any checkout or unpacked sdist, hence a cache hit.
- libpthread.so.0 stays a DT_NEEDED: on a glibc before 2.34 those symbols live
  there, not in libc.so.6.
- netgo: Go's own DNS resolver, so no res_search@GLIBC_2.34.

Before building, the toolchain is checked so that a missing one is named
(Go at least go.mod's version, a C compiler for cgo) instead of surfacing as
a cgo or toolchain-download error.

    python scripts/golib.py OUT.so      ($GO, $GOARCH, $CC from the environment)
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAGS = "netgo"


class ToolchainError(RuntimeError):
    """The engine cannot be built here; the message says what is missing."""


def required_go(root: str = ROOT) -> tuple[int, ...]:
    """The `go` directive of go.mod: the oldest Go that builds the module."""
    with open(os.path.join(root, "go.mod"), encoding="utf-8") as f:
        m = re.search(r"^go\s+(\d+(?:\.\d+)*)\s*$", f.read(), re.M)
    if not m:
        raise ToolchainError(f"{root}/go.mod has no `go` directive")
    return tuple(int(x) for x in m.group(1).split("."))


def _fmt(v: tuple[int, ...]) -> str:
    return ".".join(map(str, v))


def _go() -> str:
    return os.environ.get("GO") or "go"


def go_env(root: str = ROOT, need_cc: bool = True) -> dict[str, str]:
    """GOVERSION, CC and GOCACHE of the Go on PATH, after checking it is recent
    enough and (need_cc) that the C compiler cgo will call exists."""
    need = required_go(root)
    install = (f"the engine is Go built with cgo: install Go {_fmt(need)} or newer "
               "(https://go.dev/dl/) and a C compiler (Debian: apt-get install gcc)")
    go = shutil.which(_go())
    if not go:
        raise ToolchainError(f"no `{_go()}` command on PATH: {install}")
    # Asked from outside the module with GOTOOLCHAIN=local, so an older Go
    # answers for itself instead of trying to download the toolchain go.mod names.
    out = subprocess.run([go, "env", "GOVERSION", "CC", "GOCACHE"], capture_output=True, text=True,
                         cwd=tempfile.gettempdir(), env={**os.environ, "GOTOOLCHAIN": "local"})
    if out.returncode != 0:
        raise ToolchainError(f"`{go} env` failed: {out.stderr.strip()}")
    version, cc, cache = (out.stdout.splitlines() + ["", "", ""])[:3]
    m = re.match(r"go(\d+)\.(\d+)(?:\.(\d+))?", version)
    if m and tuple(int(x or 0) for x in m.groups()) < need + (0,) * (3 - len(need)):
        raise ToolchainError(f"{go} is {version}, go.mod needs go{_fmt(need)} or newer: {install}")
    compiler = cc.split()[0] if cc.strip() else "gcc"
    if need_cc and not shutil.which(compiler):
        raise ToolchainError(f"no C compiler: cgo calls `{compiler}` (go env CC), which is not on PATH; "
                             f"{install}, or set CC to one")
    return {"GOVERSION": version, "CC": cc, "GOCACHE": cache, "go": go}


def _header(root: str, gocache: str) -> str:
    """The content-addressed copy of pybridge/manylinux.h (see the module doc)."""
    with open(os.path.join(root, "pybridge", "manylinux.h"), "rb") as f:
        data = f.read()
    base = os.path.dirname(gocache) if gocache and gocache != "off" else tempfile.gettempdir()
    path = os.path.join(base, "caspian-prisma", f"manylinux-{hashlib.sha256(data).hexdigest()[:16]}.h")
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return path
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def build(out: str, root: str = ROOT) -> None:
    """Build the c-shared library of root's ./pybridge into out."""
    env = go_env(root)
    header = _header(root, env["GOCACHE"])
    build_env = {
        **os.environ,
        "CGO_ENABLED": "1",
        "CGO_CFLAGS": f"-O2 -g -include {header}",
        "CGO_LDFLAGS": "-O2 -g -Wl,--no-as-needed,-l:libpthread.so.0,--as-needed",
    }
    cmd = [env["go"], "build", "-tags", TAGS, "-buildmode=c-shared", "-trimpath", "-o", os.path.abspath(out),
           "./pybridge"]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    print(f"golib: {env['GOVERSION']}, CC={env['CC']}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    if subprocess.run(cmd, cwd=root, env=build_env).returncode != 0:
        raise ToolchainError("`go build ./pybridge` failed (its output is above); the Go modules it needs come "
                             "from GOPROXY (proxy.golang.org by default) unless already in the module cache")
    h = os.path.splitext(os.path.abspath(out))[0] + ".h"
    if os.path.exists(h):
        os.remove(h)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: golib.py OUT.so")
    try:
        build(sys.argv[1])
    except ToolchainError as e:
        sys.exit(f"golib: error: {e}")
