"""What a client and the transaction clients made from it share: the
engine (opened at the first query), its configuration and logging, and the
hooks (middlewares, result extensions, tracing). Split from client.py, which
holds the API; nothing here is public.
"""
from __future__ import annotations

# pyright: reportPrivateUsage=false

import logging
import os
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Optional, Sequence, Type

from . import config as _config
from . import extensions as _ext
from . import hooks as _hooks
from . import logs as _logs
from . import tracing as _tracing
from .errors import PrismaError

if TYPE_CHECKING:
    from .client import Client

__all__ = ["GENERATED_MARK", "read_schema"]


class Core:
    """What a client and the transaction clients made from it share."""

    def __init__(self, client_cls: Type["Client"], url: Optional[str], root: Optional[str], log_queries: Optional[bool]):
        self.client_cls = client_cls
        self.url = url
        self.package_dir = os.path.dirname(client_cls.__prisma_schema_file__) if client_cls.__prisma_schema_file__ else None
        # The working directory is fixed when the client is made (usually at
        # import), so a later chdir in the app does not move the database.
        # The engine resolves the root from it (config.resolve), at first use.
        try:
            self.cwd = os.getcwd()
        except OSError:  # the working directory was deleted
            self.cwd = self.package_dir or os.path.sep
        self._root = os.path.abspath(root) if root else None
        self.log_queries = log_queries
        self.engine: Any = None
        # The kinds of events logged (logs.kinds_for of client.logLevel),
        # known once the engine is made; empty means one check per request.
        self.log_kinds: FrozenSet[str] = frozenset()
        self.log_level: Optional[str] = None
        self.config_warnings: List[str] = []
        self.target = ""  # the database, for log messages
        self.connected_logged = False
        # prisma.use() and prisma.extend_result(): shared with the
        # transaction clients made from it. hooked says whether any is set,
        # so that an operation with none checks one attribute.
        self.middlewares: List[_hooks.Middleware] = []
        self.extensions: Optional[_ext.Extensions] = None
        self.tracer: Optional[_tracing.Tracer] = None
        self.hooked = False

    def rehook(self) -> None:
        self.hooked = bool(self.middlewares or self.extensions or self.tracer)

    def on_statements(self, entries: Sequence[Sequence[Any]]) -> None:
        """The engine's statements of one reply (tracing asked for them)."""
        tracer = self.tracer
        if tracer is not None:
            tracer.statements(entries)

    def project(self, schema_text: Optional[str] = None) -> "_config.ProjectConfig":
        """The engine's resolution (root, URL, logLevel, ...), with the URL
        read as ``ppy`` reads it; the root, once known, stays."""
        project = _config.resolve(self.cwd, root=self._root, package_dir=self.package_dir, schema_text=schema_text)
        self._root = project.root
        return project

    @property
    def root(self) -> str:
        if self._root is None:
            self.project()
        assert self._root is not None
        return self._root

    def engine_config(self) -> Dict[str, Any]:
        cls = self.client_cls
        schema = read_schema(cls.__prisma_schema_file__)
        project = self.project(schema)
        url = self.url or project.require_url()
        log = self.log_queries if self.log_queries is not None else project.log_queries
        if not log and os.environ.get("CASPIAN_PRISMA_LOG_QUERIES", "") not in ("", "0", "false"):
            log = True
        level = project.log_level
        if log:
            level = "query"
        elif level == "query":  # log_queries=False turns the statements off only
            level = "info"
        self.log_level, self.config_warnings = level, list(project.warnings)
        self.target = f"{project.provider or cls.__prisma_provider__} database at {_masked(url)}"
        return {
            "schema": schema,
            "schema_file": cls.__prisma_schema_file__,
            "url": url,
            "root": project.root,
            "log_queries": bool(log),
            # Read replicas: only beside the resolved URL (an explicit url=
            # names one database, whose replicas the config does not know).
            "replicas": [] if self.url else list(project.replica_urls),
        }

    def send_nowait(self, method: str, params: Dict[str, Any]) -> None:
        """Sends an envelope whose reply nobody waits for (see the bridge's
        Engine.send_nowait); never raises: its callers are already handling a
        failure or a cancellation."""
        send = getattr(self.engine, "send_nowait", None)
        if send is None:
            return  # no engine: nothing was begun
        try:
            send(method, params)
        except Exception as exc:  # pragma: no cover - e.g. no running loop
            logging.getLogger("caspian_prisma").debug("%s not sent: %s", method, exc)

    def get_engine(self) -> Any:
        if self.engine is None:
            from ._bridge import Engine  # here, not at import: it loads the native library

            cfg = self.engine_config()
            kinds = _logs.kinds_for(self.log_level)
            # logLevel "query" shows the SQL, as Prisma's does, even in an
            # app that never configured logging (see caspian_prisma.logs).
            _logs.setup(kinds)
            self.log_kinds = kinds
            self.connected_logged = False
            if "warn" in kinds:
                for w in self.config_warnings:
                    _logs.warn_log.warning("%s", w)
            if "info" in kinds:
                _logs.info_log.info("Starting a connection pool for the %s", self.target)
            self.engine = Engine(cfg, statements=self.on_statements)
        return self.engine

    async def logged_request(self, engine: Any, method: str, params: Dict[str, Any]) -> Any:
        """engine.request with the info and error events of client.logLevel,
        and the statements of the request when tracing."""
        try:
            if self.tracer is not None:
                result = await engine.request(method, params, log=True)
            else:
                result = await engine.request(method, params)
        except Exception as exc:
            if "error" in self.log_kinds:
                code = getattr(exc, "code", None)
                _logs.error_log.error("%s%s", f"[{code}] " if code else "", exc, extra={"code": code, "method": method})
            raise
        if not self.connected_logged and "info" in self.log_kinds:
            self.connected_logged = True
            _logs.info_log.info("Connected to the %s", self.target)
        return result


GENERATED_MARK = "// Code generated by caspian-prisma"


def read_schema(path: str) -> str:
    """The schema text the client was generated from, without the generated
    header, so the engine's line numbers match the user's schema file."""
    if not path:
        raise _config.ConfigError("this client has no embedded schema: run `ppy generate`")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith(GENERATED_MARK):
        lines = text.split("\n")
        i = 0
        while i < len(lines) and lines[i].startswith("//"):
            done = lines[i].startswith("// schema sha256:")
            i += 1
            if done:
                break
        text = "\n".join(lines[i:])
    return text


def _masked(url: str) -> str:
    """url as the engine prints it, password hidden (engine/config Mask: one
    parser of URLs, so a password holding ``/``, ``@`` or ``%`` is hidden too)."""
    from . import _native

    try:
        return _native.redact(url)[0]
    except (PrismaError, OSError):
        return "(the configured URL)"
