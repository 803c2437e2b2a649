"""The real wheel, installed into a brand-new venv with nothing but its declared
dependencies, gives `ppy` and `caspian_prisma`, and importing the package does
not load the engine library."""
import glob
import os
import subprocess
import sys
import venv

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_wheel_installs_into_fresh_venv(tmp_path):
    wheels = glob.glob(os.path.join(ROOT, "dist", "caspian_prisma-*.whl"))
    if not wheels:
        pytest.fail("no wheel in dist/: run make wheel")
    assert len(wheels) == 1, wheels
    assert wheels[0].endswith("-py3-none-linux_x86_64.whl") or "-py3-none-" in wheels[0]
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = str(env_dir / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", wheels[0]], check=True, timeout=600)
    out = subprocess.run([str(env_dir / "bin" / "ppy"), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "generate" in out.stdout and "db push" in out.stdout
    probe = (
        "import sys, caspian_prisma, os;"
        "import caspian_prisma._native as n;"
        "print(caspian_prisma.__file__);"
        "print(os.path.exists(os.path.join(os.path.dirname(caspian_prisma.__file__), '_lib', 'libcaspian_prisma.so')));"
        "print(n.is_loaded())"
    )
    out = subprocess.run([py, "-c", probe], capture_output=True, text=True, timeout=60, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert str(env_dir) in lines[0]
    assert lines[1:] == ["True", "False"]
