"""The ``ppy`` console script: the whole command line runs in the engine.

Python only hands over the arguments, its current environment (``os.environ``
as it is now: the library cannot trust its own view of the environment once
Python has changed it) and the working directory, then exits with the code
the engine returns.
"""
from __future__ import annotations

import os
import sys
from typing import List, Optional

from . import _codec, _native
from .errors import PrismaError

__all__ = ["main"]


def main(argv: Optional[List[str]] = None) -> None:
    """Run ``ppy`` with argv (default ``sys.argv[1:]``) and exit with its code."""
    args = sys.argv[1:] if argv is None else list(argv)
    env = dict(os.environ)
    # A shared library cannot tell whether it talks to a person; prompts
    # (migrate dev, migrate reset) ask only when both ends are a terminal
    # and no CI is running, like Prisma's CLI.
    if sys.stdin.isatty() and sys.stdout.isatty() and not env.get("CI"):
        env.setdefault("PPY_INTERACTIVE", "1")
    # A Python seed (ppy db seed) runs with this interpreter: the engine
    # cannot tell which Python loaded it.
    env.setdefault("PPY_PYTHON", sys.executable)
    invocation = _codec.packb({"args": args, "env": env, "cwd": os.getcwd()})
    # The engine writes to file descriptors 1 and 2 directly: flush ours first
    # so the output keeps its order.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        code = _native.cli(invocation)
    except PrismaError as exc:  # the library is missing or of another version
        print(f"ppy: {exc}", file=sys.stderr)
        code = 1
    sys.exit(code)


if __name__ == "__main__":  # python -m caspian_prisma.cli
    main()
