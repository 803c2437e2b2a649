"""Runs a Python seed script for ``ppy db seed``: ``python -m caspian_prisma.seed FILE [ARGS...]``.

The engine starts it with the Python that runs ``ppy``, from the project root
and with the root first on ``PYTHONPATH``, so the seed imports the generated
client the way the app does (``from src.lib.prisma.db import prisma``).

The file runs as ``__main__`` with ``sys.argv == [FILE, *ARGS]``. When it
defines a ``main`` function and does not call it itself (no top-level
``main()`` / ``asyncio.run(main())``, guarded by ``if __name__ ==
"__main__":`` or not), the runner calls it afterwards: an ``async def main()``
is awaited with ``asyncio.run``. The client the seed used is disconnected
before the loop closes.
"""
from __future__ import annotations

import ast
import asyncio
import inspect
import os
import runpy
import sys
from typing import Any, Dict, List, Optional, Set

__all__ = ["run", "main"]


def _calls_main(tree: ast.Module) -> bool:
    """Whether a statement outside any function or class calls ``main``."""

    class Finder(ast.NodeVisitor):
        found = False

        def visit_FunctionDef(self, node: ast.AST) -> None:  # bodies of defs do not run at import
            pass

        visit_AsyncFunctionDef = visit_FunctionDef
        visit_ClassDef = visit_FunctionDef
        visit_Lambda = visit_FunctionDef

        def visit_Call(self, node: ast.Call) -> None:
            if isinstance(node.func, ast.Name) and node.func.id == "main":
                self.found = True
            self.generic_visit(node)

    f = Finder()
    for stmt in tree.body:
        f.visit(stmt)
    return f.found


async def _disconnect_clients(namespace: Dict[str, Any]) -> None:
    """Disconnects the client the seed imported (src.lib.prisma.db's prisma),
    so its pool closes on the loop that opened it."""
    from .client import Client

    seen: Set[int] = set()
    candidates: List[Any] = list(namespace.values())
    for name, mod in list(sys.modules.items()):
        if name.endswith(".db") and hasattr(mod, "prisma"):
            candidates.append(getattr(mod, "prisma"))
    for obj in candidates:
        if isinstance(obj, Client) and id(obj) not in seen:
            seen.add(id(obj))
            try:
                if obj.is_connected():
                    await obj.disconnect()
            except Exception:  # the seed's result matters, not the goodbye
                pass


def run(path: str, args: Optional[List[str]] = None) -> None:
    """Run the seed at ``path`` as described in the module doc."""
    path = os.path.abspath(path)
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source, path)
    root = os.getcwd()
    if root not in sys.path:
        sys.path.insert(0, root)
    sys.argv = [path, *(args or [])]
    namespace = runpy.run_path(path, run_name="__main__")
    fn = namespace.get("main")
    if callable(fn) and not _calls_main(tree):
        if inspect.iscoroutinefunction(fn):

            async def go() -> None:
                try:
                    await fn()
                finally:
                    await _disconnect_clients(namespace)

            asyncio.run(go())
        else:
            fn()


def main(argv: Optional[List[str]] = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m caspian_prisma.seed FILE [ARGS...]", file=sys.stderr)
        sys.exit(2)
    run(argv[0], argv[1:])


if __name__ == "__main__":
    main()
