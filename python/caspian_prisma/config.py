"""Where the project is and which database it uses, as the engine decides it.

Nothing is parsed here: the engine (Go package ``engine/config``) finds the
project root, reads ``.env`` and ``prisma.config.ts`` and resolves the schema
path, the migrations folder and the database URL, for ``ppy`` and for the
running app alike, so the two always reach the same database. This module
only hands the engine what Python alone knows — ``os.environ`` as it is now
and the working directory — through the ``config.resolve`` method, and
returns the answer as a :class:`ProjectConfig`.

The order (see ``engine/config``'s package doc): the root is the nearest
folder, from the working directory upwards, holding ``prisma.config.ts`` or
``prisma/schema.prisma`` (else the same search from the generated client's
folder, else the working directory); the URL is ``datasource.url`` of
``prisma.config.ts``, else the schema's datasource ``url``, else
``DATABASE_URL``; a variable comes from the environment, else ``<root>/.env``,
else ``<root>/prisma/.env``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, cast

from .errors import ConfigError

__all__ = [
    "ConfigError",
    "ProjectConfig",
    "resolve",
    "find_root",
    "load_project_config",
    "resolve_url",
]


@dataclass(frozen=True)
class ProjectConfig:
    """The engine's answer to ``config.resolve`` (absent values are None)."""

    root: str
    config_file: Optional[str] = None  # prisma.config.ts, when present
    env_files: List[str] = field(default_factory=list)  # the .env files read
    schema_path: Optional[str] = None
    migrations_path: Optional[str] = None  # migrations.path, else <schema dir>/migrations
    # The URLs hold passwords: they stay out of repr() (and so out of logs).
    url: Optional[str] = field(default=None, repr=False)
    url_source: Optional[str] = None  # where the URL came from, for messages
    provider: Optional[str] = None  # of the URL: "sqlite", "postgresql", "mysql"
    url_error: Optional[str] = None  # why there is no URL
    shadow_url: Optional[str] = field(default=None, repr=False)  # datasource.shadowDatabaseUrl
    # DATABASE_REPLICA_URLS: read replicas, resolved by the engine.
    replica_urls: List[str] = field(default_factory=list, repr=False)
    seed_import: Optional[str] = None  # seed.import (Caspian)
    seed_auto_run: Optional[bool] = None  # seed.autoRun (Caspian)
    migrations_seed: Optional[str] = None  # migrations.seed (Prisma's seed command)
    log_level: Optional[str] = None  # client.logLevel (Caspian)
    warnings: List[str] = field(default_factory=list)  # prisma.config.ts keys the engine cannot use

    @property
    def log_queries(self) -> bool:
        """``client.logLevel`` "query" logs each SQL statement."""
        return (self.log_level or "").lower() == "query"

    def require_url(self) -> str:
        """The database URL, or :class:`ConfigError` saying why there is none."""
        if self.url:
            return self.url
        raise ConfigError(self.url_error or "no database URL: set DATABASE_URL in the environment or in the project's .env")


def _cwd(fallback: Optional[str]) -> str:
    try:
        return os.getcwd()
    except OSError:  # the working directory was deleted
        return fallback or os.path.sep


def resolve(
    cwd: Optional[str] = None,
    *,
    root: Optional[str] = None,
    package_dir: Optional[str] = None,
    schema: Optional[str] = None,
    schema_text: Optional[str] = None,
    environ: Optional[Mapping[str, str]] = None,
) -> ProjectConfig:
    """Ask the engine where the project is and how to reach its database.

    ``cwd`` defaults to the working directory and ``environ`` to ``os.environ``
    now; ``root`` skips the root search; ``package_dir`` (the generated
    client's folder) is searched when ``cwd`` is outside the project;
    ``schema`` is a ``--schema`` path; ``schema_text`` the schema whose
    datasource may name the URL (the generated client's). Raises
    :class:`ConfigError` for a broken configuration; a missing URL is not an
    error here (see :meth:`ProjectConfig.require_url`)."""
    from . import _codec, _native  # the library loads on the first call

    params: Dict[str, Any] = {
        "cwd": os.path.abspath(cwd) if cwd else _cwd(package_dir),
        "env": {str(k): str(v) for k, v in (os.environ if environ is None else environ).items()},
    }
    for key, value in (("root", root), ("package_dir", package_dir), ("schema", schema), ("schema_text", schema_text)):
        if value:
            params[key] = value
    reply = _codec.unpackb(_native.call(_codec.packb({"method": "config.resolve", "params": params})))
    if "error" in reply:
        from .errors import error_from_reply

        raise error_from_reply(reply["error"])
    ok: Mapping[str, Any] = reply["ok"]
    return ProjectConfig(
        root=ok["root"],
        config_file=ok.get("config_path"),
        env_files=list(ok.get("env_files") or []),
        schema_path=ok.get("schema_path"),
        migrations_path=ok.get("migrations_path"),
        url=ok.get("url"),
        url_source=ok.get("url_source"),
        provider=ok.get("provider"),
        url_error=ok.get("url_error"),
        shadow_url=ok.get("shadow_url"),
        replica_urls=[str(u) for u in cast(List[Any], ok.get("replica_urls") or [])],
        seed_import=ok.get("seed_import"),
        seed_auto_run=ok.get("seed_auto_run"),
        migrations_seed=ok.get("migrations_seed"),
        log_level=ok.get("log_level"),
        warnings=list(ok.get("warnings") or []),
    )


def find_root(cwd: Optional[str] = None, package_dir: Optional[str] = None) -> str:
    """The project root (see the module doc)."""
    return resolve(cwd, package_dir=package_dir).root


def load_project_config(root: str) -> ProjectConfig:
    """The resolved configuration of the project at ``root``."""
    return resolve(root, root=root)


def resolve_url(root: str, *, environ: Optional[Mapping[str, str]] = None) -> str:
    """The database URL of the project at ``root``, or :class:`ConfigError`."""
    return resolve(root, root=root, environ=environ).require_url()
