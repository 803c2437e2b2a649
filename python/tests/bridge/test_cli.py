"""The ppy entry point: arguments, environment and cwd go to the engine's
command line, output keeps its order, and the exit code is the engine's."""
import textwrap

PPY = textwrap.dedent(
    """
    import sys
    print("from python")  # buffered: main() must flush it before the engine writes
    from caspian_prisma.cli import main
    main({args!r})
    """
)


def test_unknown_command_exits_with_usage_code(run_python):
    out = run_python(PPY.format(args=["no-such-command"]))
    assert out.returncode == 2, out.stderr
    assert out.stdout.splitlines()[0] == "from python"
    assert out.stderr.strip()


def test_library_missing_is_reported(run_python):
    code = "import os; os.environ['CASPIAN_PRISMA_LIBRARY'] = '/nonexistent.so'\n" + PPY.format(args=["version"])
    out = run_python(code)
    assert out.returncode == 1
    assert "ppy: the engine library is missing" in out.stderr


def test_version_runs_in_the_engine(run_python):
    out = run_python(PPY.format(args=["version"]))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "from python"
    assert any(line.startswith("ppy") for line in lines[1:]), out.stdout
