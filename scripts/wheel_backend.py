"""A minimal PEP 517 backend that builds the caspian-prisma wheel.

The package is pure Python plus one prebuilt c-shared library
(python/caspian_prisma/_lib/libcaspian_prisma.so, written by `make build`).
Python loads it with ctypes, so one wheel serves every Python 3 version: the
tag is py3-none-<platform>. Nothing here needs the network or setuptools.
"""
from __future__ import annotations

import base64
import hashlib
import os
import sysconfig
import zipfile

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


def _platform_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def _metadata(p: dict) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {p['name']}",
        f"Version: {p['version']}",
        f"Summary: {p['description']}",
        f"Requires-Python: {p['requires-python']}",
        f"License: {p['license']['text']}",
    ]
    lines += [f"Classifier: {c}" for c in p.get("classifiers", [])]
    lines += [f"Requires-Dist: {d}" for d in p.get("dependencies", [])]
    readme = os.path.join(ROOT, p.get("readme", "README.md"))
    body = ""
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


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
    if not os.path.exists(LIB):
        raise RuntimeError(f"{LIB} is missing: run `make build` first")
    p = _project()
    version = p["version"]
    tag = f"py3-none-{_platform_tag()}"
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
            with open(path, "rb") as f:
                add(name, f.read(), 0o755 if name.endswith(".so") else 0o644)
        add(f"{dist_info}/METADATA", _metadata(p).encode())
        add(f"{dist_info}/WHEEL", (
            "Wheel-Version: 1.0\nGenerator: caspian-prisma wheel_backend\n"
            f"Root-Is-Purelib: false\nTag: {tag}\n").encode())
        scripts = "".join(f"{k} = {v}\n" for k, v in p.get("scripts", {}).items())
        add(f"{dist_info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode())
        record = "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n"
        zf.writestr(f"{dist_info}/RECORD", record)
    os.replace(target + ".tmp", target)
    return wheel_name


def get_requires_for_build_wheel(config_settings=None):
    return []


if __name__ == "__main__":
    import sys

    print(os.path.join(sys.argv[1], build_wheel(sys.argv[1] if len(sys.argv) > 1 else "dist")))
