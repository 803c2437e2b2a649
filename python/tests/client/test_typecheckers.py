"""Both type checkers, pyright strict (basedpyright, which brings its own
Node) and mypy --strict, on the runtime package and on a generated client:

- the runtime package (python/caspian_prisma) has no error;
- typecheck/app.py, a sample app using every operation, has no error;
- typecheck/mistakes.py has an error on exactly the lines marked
  ``# expect-error`` and on no other line, under each checker.

The client is the codegen golden (engine/codegen/testdata/golden, which
scripts/check-goldens.sh keeps equal to what the generator writes for
fixture.prisma), so the test needs no Go. Both checkers are DEV_PKGS of the
Makefile: a missing one fails the test rather than skipping it."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GOLDEN = os.path.join(ROOT, "engine", "codegen", "testdata", "golden")
SQL_GOLDEN = os.path.join(ROOT, "engine", "codegen", "testdata", "sql", "sql.py")
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typecheck")
RUNTIME_PARENT = os.path.join(ROOT, "python")
MARK = re.compile(r"#\s*expect-error\s*$")
MYPY_INI = "[mypy]\nstrict = True\n"


def _tool(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    path = path if os.path.exists(path) else shutil.which(name)
    if not path:
        pytest.fail(f"{name} is not installed: `make install` installs it (DEV_PKGS in the Makefile)")
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("typecheckers")
    shutil.copytree(GOLDEN, path / "src" / "lib" / "prisma")
    # The typed raw SQL module (ppy generate --sql) of the codegen's sql golden.
    shutil.copy(SQL_GOLDEN, path / "src" / "lib" / "prisma" / "sql.py")
    for name in ("app.py", "mistakes.py"):
        shutil.copy(os.path.join(HERE, name), path / name)
    config = {"typeCheckingMode": "strict"}
    if os.environ.get("CASPIAN_TEST_FROM_SOURCE") == "1":
        config["extraPaths"] = [RUNTIME_PARENT]
    (path / "pyrightconfig.json").write_text(json.dumps(config))
    (path / "mypy.ini").write_text(MYPY_INI)
    return path


def pyright(project, cwd, *targets):
    """{file basename: [1-based error lines]} and the raw output, with the
    project's pyrightconfig.json (strict)."""
    proc = subprocess.run(
        [_tool("basedpyright"), "--outputjson", "-p", str(project / "pyrightconfig.json"),
         "--pythonpath", sys.executable, *targets],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(f"basedpyright gave no report (exit {proc.returncode}): {proc.stdout}{proc.stderr}")
    errors, lines = {}, []
    for d in report["generalDiagnostics"]:
        line = d.get("range", {}).get("start", {}).get("line", -1) + 1  # 0: a whole-file diagnostic
        lines.append(f"{d['file']}:{line}: {d['severity']}: {d['message']}")
        if d["severity"] == "error":
            errors.setdefault(os.path.basename(d["file"]), []).append(line)
    text = "\n".join(lines)
    return errors, text


def mypy(cwd, *args, mypypath=None):
    env = dict(os.environ)
    if mypypath:
        env["MYPYPATH"] = mypypath
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.path.join(str(cwd), ".mypy_cache"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    errors = {}
    for m in re.finditer(r"^(?P<file>[^:\n]+):(?P<line>\d+): error:", proc.stdout, re.M):
        errors.setdefault(os.path.basename(m["file"]), []).append(int(m["line"]))
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return errors, proc.stdout + proc.stderr


def _runtime_mypypath():
    return RUNTIME_PARENT if os.environ.get("CASPIAN_TEST_FROM_SOURCE") == "1" else None


def test_runtime_is_clean_under_both_checkers(project):
    errors, out = pyright(project, RUNTIME_PARENT, os.path.join(RUNTIME_PARENT, "caspian_prisma"))
    assert errors == {}, out
    errors, out = mypy(RUNTIME_PARENT, "-p", "caspian_prisma")
    assert errors == {}, out


def test_sample_app_and_client_are_clean_under_pyright(project):
    errors, out = pyright(project, project, "app.py", "src")
    assert errors == {}, out


def test_sample_app_and_client_are_clean_under_mypy(project):
    errors, out = mypy(project, "--config-file", "mypy.ini", "-m", "app", "-p", "src.lib.prisma",
                       mypypath=_runtime_mypypath())
    assert errors == {}, out


def _marked_lines():
    with open(os.path.join(HERE, "mistakes.py")) as f:
        return sorted(i for i, line in enumerate(f, 1) if MARK.search(line))


def test_pyright_reports_exactly_the_marked_mistakes(project):
    errors, out = pyright(project, project, "mistakes.py")
    want = _marked_lines()
    assert len(want) >= 30
    assert sorted(set(errors.get("mistakes.py", []))) == want, out
    assert set(errors) <= {"mistakes.py"}, out


def test_mypy_reports_exactly_the_marked_mistakes(project):
    errors, out = mypy(project, "--config-file", "mypy.ini", "-m", "mistakes", mypypath=_runtime_mypypath())
    want = _marked_lines()
    assert sorted(set(errors.get("mistakes.py", []))) == want, out
    assert set(errors) <= {"mistakes.py"}, out
