"""What a user does after `pip install caspian-prisma`, in a fresh venv:
`ppy --help`, then in a copy of examples/page `ppy db push`, `ppy generate`
and a write and read through the generated client on SQLite. Shared by the
wheel test (python/tests/test_wheel.py) and the sdist test
(python/tests/test_sdist.py); scripts/arm64_check.py is the aarch64 twin,
which asserts what only holds under qemu. Also what both check of the
metadata: pyproject.toml's fields, packaging's validator, `twine check`."""
from __future__ import annotations

import email.parser
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

QUERY = r"""
import asyncio, json, os, sys
sys.path.insert(0, os.getcwd())
import caspian_prisma
import caspian_prisma._native as native
import caspian_prisma._wasm as wasm
from src.lib.prisma.db import prisma

async def run():
    user = await prisma.user.create(data={"email": "pkg@example.com", "name": "Pkg"})
    await prisma.post.create(data={"title": "from the installed package", "published": True, "authorId": user.id})
    found = await prisma.user.find_unique(where={"email": "pkg@example.com"}, include={"posts": True})
    count = await prisma.post.count(where={"published": True})
    await prisma.disconnect()
    print(json.dumps({"package": caspian_prisma.__file__, "loaded": native.is_loaded(), "wasm": wasm.selected(),
                      "name": found.name, "posts": [p.title for p in found.posts], "count": count}))

asyncio.run(run())
"""


def fresh_venv(path: str, python: str = sys.executable) -> str:
    """A new venv made by python (with pip), returning its bin directory."""
    if python == sys.executable:
        venv.EnvBuilder(with_pip=True).create(path)
    else:
        subprocess.run([python, "-m", "venv", path], check=True, timeout=300)
    return os.path.join(path, "bin")


def run(cmd: list[str], bin_dir: str, cwd: str, timeout: int = 300, env: dict | None = None) -> str:
    """cmd with the venv first on PATH; its stdout, or a failure showing both streams."""
    env = {**os.environ, **(env or {}), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("CASPIAN_PRISMA_LIBRARY", None)  # the installed library, not a debug build
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
    assert out.returncode == 0, f"{' '.join(cmd)} exited {out.returncode}:\n{out.stdout}\n{out.stderr}"
    return out.stdout


def check_installed(bin_dir: str, workdir: str, wasm: bool = False) -> dict:
    """ppy --help, db push, generate and a query in a copy of examples/page;
    returns what the query printed (see QUERY), after checking it. wasm: the
    engine must be the WebAssembly module (the any-platform wheel), not the
    native library."""
    help_text = run([os.path.join(bin_dir, "ppy"), "--help"], bin_dir, workdir, 120)
    assert "generate" in help_text and "db push" in help_text, help_text
    project = os.path.join(workdir, "project")
    shutil.copytree(os.path.join(ROOT, "examples", "page"), project,
                    ignore=shutil.ignore_patterns("dev.db*", "src", "__pycache__"))
    ppy = os.path.join(bin_dir, "ppy")
    run([ppy, "db", "push"], bin_dir, project)
    run([ppy, "generate"], bin_dir, project)
    out = run([os.path.join(bin_dir, "python"), "-c", QUERY], bin_dir, project, 120)
    got = json.loads(out.strip().splitlines()[-1])
    venv_dir = os.path.dirname(bin_dir)
    assert got["package"].startswith(venv_dir + os.sep), f"caspian_prisma from {got['package']}, not {venv_dir}"
    assert got == {**got, "loaded": not wasm, "wasm": wasm, "name": "Pkg", "posts": ["from the installed package"], "count": 1}, got
    return got


def _pyproject() -> dict:
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def check_metadata(text: str) -> None:
    """text (a METADATA or PKG-INFO) says what pyproject.toml declares and is
    valid core metadata by packaging's validator (what pip and twine use)."""
    p = _pyproject()
    msg = email.parser.Parser().parsestr(text)
    assert tuple(map(int, msg["Metadata-Version"].split("."))) >= (2, 2)
    assert (msg["Name"], msg["Version"]) == (p["name"], p["version"])
    assert msg["Summary"] == p["description"]
    assert msg["License"] == p["license"]["text"]
    assert msg["Requires-Python"] == p["requires-python"]
    assert msg.get_all("Requires-Dist") == p["dependencies"]
    assert msg.get_all("Classifier") == p["classifiers"]
    assert any(c.startswith("License :: ") for c in p["classifiers"])
    assert msg.get_all("Project-URL") == [f"{k}, {v}" for k, v in p["urls"].items()]
    assert msg["Home-page"] == p["urls"]["Homepage"]
    assert msg["Description-Content-Type"] == "text/markdown"
    with open(os.path.join(ROOT, p["readme"]), encoding="utf-8") as f:
        assert msg.get_payload() == f.read()
    from packaging.metadata import Metadata  # twine's dependency

    meta = Metadata.from_email(text, validate=True)
    assert str(meta.requires_python) == p["requires-python"]


def twine_check(path: str) -> str:
    """`twine check --strict path`'s output, failing on anything but PASSED."""
    exe = shutil.which("twine", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not exe:
        pytest.fail("twine is not installed: `make install` puts it into .venv (DEV_PKGS)")
    out = subprocess.run([exe, "check", "--strict", path], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "PASSED" in out.stdout, f"twine check {path}:\n{out.stdout}\n{out.stderr}"
    return out.stdout
