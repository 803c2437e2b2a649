"""Logging of the Python client, switched on by ``client.logLevel`` of
``prisma.config.ts`` (``"query"``, ``"info"``, ``"warn"`` or ``"error"``;
each level includes the ones after it, so ``"info"`` also logs warnings and
errors). Records go through the standard :mod:`logging` module, one logger
per kind of event, all children of ``caspian_prisma``:

==========================  ========  =============================================
logger                      level     what
==========================  ========  =============================================
``caspian_prisma.query``    INFO      each SQL statement with its duration
                                      (``SELECT ... [0.412 ms]``; the record has
                                      ``sql`` and ``duration_ms`` attributes)
``caspian_prisma.info``     INFO      engine and connection pool events: starting
                                      the pool, the first successful connection,
                                      closing it (``disconnect``)
``caspian_prisma.warn``     WARNING   what prisma.config.ts says that the client
                                      cannot use (unknown keys, wrong values)
``caspian_prisma.error``    ERROR     every failed request, with the error's code
                                      and message (the exception is still raised)
==========================  ========  =============================================

Nothing is logged (and no record is made) for kinds the level leaves out.
When the level enables a logger that has no level of its own and no handler
would receive its records, the client gives it its level and a stderr handler
printing ``prisma:<kind> <message>`` as Prisma does; an app that configures
logging itself (``logging.basicConfig``, handlers on ``caspian_prisma``)
keeps its own setup.
"""
from __future__ import annotations

import logging
from typing import FrozenSet, Optional

__all__ = ["LEVELS", "LOGGERS", "kinds_for", "setup"]

#: client.logLevel values, most verbose first.
LEVELS = ("query", "info", "warn", "error")

#: The logger of each kind, and the level its records have.
LOGGERS = {
    "query": ("caspian_prisma.query", logging.INFO),
    "info": ("caspian_prisma.info", logging.INFO),
    "warn": ("caspian_prisma.warn", logging.WARNING),
    "error": ("caspian_prisma.error", logging.ERROR),
}

query_log = logging.getLogger("caspian_prisma.query")
info_log = logging.getLogger("caspian_prisma.info")
warn_log = logging.getLogger("caspian_prisma.warn")
error_log = logging.getLogger("caspian_prisma.error")


def kinds_for(level: Optional[str]) -> FrozenSet[str]:
    """The kinds a client.logLevel turns on (none for None or an unknown level)."""
    level = (level or "").lower()
    if level not in LEVELS:
        return frozenset()
    return frozenset(LEVELS[LEVELS.index(level):])


def setup(kinds: FrozenSet[str]) -> None:
    """Make the records of these kinds visible (see the module doc)."""
    for kind in kinds:
        name, level = LOGGERS[kind]
        log = logging.getLogger(name)
        if log.level == logging.NOTSET:
            log.setLevel(level)
        if not log.hasHandlers():
            h = logging.StreamHandler()
            h.setFormatter(logging.Formatter(f"prisma:{kind} %(message)s"))
            log.addHandler(h)
