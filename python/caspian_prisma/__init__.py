"""caspian_prisma: Caspian's async Prisma-style client for Python, backed by a
Go engine.

An app imports its generated client (``from src.lib.prisma.db import prisma``);
this package is the runtime that client is built on: :class:`Client` (the
generated ``Prisma`` class's base), :class:`BaseModel` (the base of the
generated model classes), the shared input types (:mod:`caspian_prisma.types`),
the errors (:mod:`caspian_prisma.errors`) and the ``ppy`` command line.
Importing it is cheap: the native engine is loaded at the first query.
"""
from .client import Client, ModelActions, Query, TransactionManager
from .hooks import Middleware, MiddlewareParams, NextFn
from .models import BaseModel, PrismaEnum
from .types import AnyNull, DbNull, JsonNull, NullSentinel

__version__ = "0.1.0"

__all__ = [
    "Client",
    "ModelActions",
    "Query",
    "TransactionManager",
    "BaseModel",
    "PrismaEnum",
    "Middleware",
    "MiddlewareParams",
    "NextFn",
    "DbNull",
    "JsonNull",
    "AnyNull",
    "NullSentinel",
    "__version__",
]
