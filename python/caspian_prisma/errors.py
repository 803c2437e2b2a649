"""The exceptions a query can raise, chosen by the engine's error code.

Every error is a :class:`PrismaError` with ``.code`` (Prisma's ``P2xxx``, or
one of ours: ``INTERNAL``, ``CANCELED``, ``SCHEMA``, ...), ``.meta`` (a dict,
e.g. ``meta['target']`` for a unique violation) and a message that names the
model, field and argument path. The class comes from :data:`CODE_TABLE`, never
from message text. Names follow Prisma Client and prisma-client-py so that
their documentation transfers.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Dict, List, Mapping, Optional, Type, cast

__all__ = [
    "PrismaError",
    "DataError",
    "UniqueViolationError",
    "ForeignKeyViolationError",
    "MissingRequiredValueError",
    "RecordNotFoundError",
    "RawQueryError",
    "TableNotFoundError",
    "InputError",
    "ValueTooLongError",
    "DataValidationError",
    "ValueOutOfRangeError",
    "QueryParameterLimitError",
    "PrismaClientValidationError",
    "FieldNotFoundError",
    "TransactionExpiredError",
    "ConnectionError",
    "PrismaConnectionError",
    "SchemaError",
    "ConfigError",
    "InternalError",
    "EngineLoadError",
    "EngineForkError",
    "CODE_TABLE",
    "error_from_reply",
    "Redactor",
]

_NO_META: Mapping[str, Any] = MappingProxyType({})


class PrismaError(Exception):
    """Base class of every error raised by caspian_prisma."""

    #: Defaults for subclasses that do not call this ``__init__``.
    code: str = "UNKNOWN"
    meta: Mapping[str, Any] = _NO_META
    message: str = ""

    def __init__(self, message: str, code: Optional[str] = None, meta: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.meta = dict(meta) if meta else {}

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class DataError(PrismaError):
    """A request the database refused (Prisma's P2xxx errors)."""


class UniqueViolationError(DataError):
    """P2002: a unique constraint failed; ``meta['target']`` lists the fields."""

    code = "P2002"


class ForeignKeyViolationError(DataError):
    """P2003: a foreign key constraint failed; ``meta['field_name']`` names it."""

    code = "P2003"


class MissingRequiredValueError(DataError):
    """P2012 (and P2011): a required field was left out or set to None."""

    code = "P2012"


class RecordNotFoundError(DataError):
    """P2025: ``update``, ``delete`` or a ``*_or_throw`` finder found no record."""

    code = "P2025"


class RawQueryError(DataError):
    """P2010: ``query_raw``/``execute_raw`` failed in the database."""

    code = "P2010"


class TableNotFoundError(DataError):
    """P2021: the table does not exist (run ``ppy db push``)."""

    code = "P2021"


class InputError(DataError):
    """P2019: an input value the database cannot take."""

    code = "P2019"


class ValueTooLongError(DataError):
    """P2000: a value is longer than its column's type holds;
    ``meta['column_name']`` names the field."""

    code = "P2000"


class DataValidationError(DataError):
    """P2007: a value the database's type or encoding refuses (a NUL byte in
    PostgreSQL text, bad UTF-8, division by zero in SQL) or one larger than
    the server accepts (MySQL ``max_allowed_packet``);
    ``meta['database_error']`` holds the database's words."""

    code = "P2007"


class ValueOutOfRangeError(DataError):
    """P2020: a value, or the result of an atomic update (``increment``,
    ``multiply``, ...), does not fit the column's type."""

    code = "P2020"


class QueryParameterLimitError(DataError):
    """P2029: a statement needs more bind parameters than the database takes.
    Long ``in``/``notIn`` lists do not cause it (they are bound as one
    parameter); an ``OR`` of tens of thousands of filters does, and
    ``meta['path']`` names the longest such list: split it."""

    code = "P2029"


class PrismaClientValidationError(DataError):
    """P2009: bad query arguments (wrong type, two operators, unknown argument)."""

    code = "P2009"


class FieldNotFoundError(PrismaClientValidationError):
    """A field name the model does not have (``meta['field']``)."""


class TransactionExpiredError(DataError):
    """P2028: the transaction was used after it ended or timed out."""

    code = "P2028"


class SchemaError(PrismaError):
    """SCHEMA: the schema failed to parse or validate."""

    code = "SCHEMA"


class ConfigError(PrismaError):
    """CONFIG: the project's configuration is missing or wrong (no DATABASE_URL,
    a ``--schema`` that does not exist, an unreadable ``.env``). Raised by the
    engine's ``config.resolve``; the message never holds a password."""

    code = "CONFIG"


class InternalError(PrismaError):
    """INTERNAL: a bug in the engine; ``.is_panic`` when it was a recovered panic."""

    code = "INTERNAL"

    @property
    def is_panic(self) -> bool:
        return bool(self.meta.get("is_panic"))


class EngineLoadError(PrismaError):
    """The engine library is missing, unloadable or of another ABI version."""

    code = "ENGINE_LOAD"


class EngineForkError(PrismaError):
    """This client's engine was started in a parent process before ``fork()``:
    its Go runtime stayed there. Create a new client in the child, or
    ``await client.disconnect()`` and query again; either starts an engine of
    the child's own (see ``caspian_prisma._native``)."""

    code = "ENGINE_FORK"


# Prisma's name, defined last so that nothing above can mean the builtin by
# it; nothing in this module needs the builtin (``builtins.ConnectionError``).
class ConnectionError(PrismaError):  # noqa: A001
    """P1000/P1001/P1003/...: the database cannot be reached or refused the login.

    The message names the host, never the password. This is not the builtin
    :class:`ConnectionError` (an OSError); ``PrismaConnectionError`` is the
    same class under a name that cannot be confused with it.
    """

    code = "P1001"


PrismaConnectionError = ConnectionError

CODE_TABLE: Dict[str, Type[PrismaError]] = {
    "P2002": UniqueViolationError,
    "P2003": ForeignKeyViolationError,
    "P2011": MissingRequiredValueError,
    "P2012": MissingRequiredValueError,
    "P2025": RecordNotFoundError,
    "P2010": RawQueryError,
    "P2021": TableNotFoundError,
    "P2019": InputError,
    "P2000": ValueTooLongError,
    "P2007": DataValidationError,
    "P2020": ValueOutOfRangeError,
    "P2029": QueryParameterLimitError,
    "P2009": PrismaClientValidationError,
    "P2028": TransactionExpiredError,
    "P1000": PrismaConnectionError,
    "P1001": PrismaConnectionError,
    "P1002": PrismaConnectionError,
    "P1003": PrismaConnectionError,
    "P1008": PrismaConnectionError,
    "P1010": PrismaConnectionError,
    "P1011": PrismaConnectionError,
    "P1013": PrismaConnectionError,
    "P1017": PrismaConnectionError,
    "SCHEMA": SchemaError,
    "CONFIG": ConfigError,
    "INTERNAL": InternalError,
}


def error_from_reply(body: Mapping[str, Any]) -> PrismaError:
    """Build the exception for a reply's ``{"code", "message", "meta"}`` map."""
    code = str(body.get("code") or "UNKNOWN")
    message = str(body.get("message") or code)
    raw_meta = body.get("meta")
    meta: Dict[str, Any] = cast(Dict[str, Any], raw_meta) if isinstance(raw_meta, dict) else {}
    cls = CODE_TABLE.get(code)
    if cls is None:
        # Other P2xxx codes are still data errors; anything else stays generic.
        cls = DataError if code.startswith("P2") else PrismaError
    if cls is PrismaClientValidationError and meta.get("kind") == "unknown_field":
        cls = FieldNotFoundError
    return cls(message, code, meta)


class Redactor:
    """Removes a database URL's credentials from text and from exceptions: the
    Python side's last line of defence (the engine already scrubs every error
    it sends). Python never parses the URL: the engine's ``url.redact``
    (engine/config: Mask and Secrets, the one implementation) says what the
    URL looks like masked and which strings are secret, in every encoding."""

    __slots__ = ("url", "masked", "secrets")

    def __init__(self, url: str = "", masked: str = "", secrets: Optional[List[str]] = None) -> None:
        self.url = url
        self.masked = masked
        # Longest first, so a secret that contains another goes first.
        self.secrets = sorted(set(secrets or ()), key=len, reverse=True)

    def __repr__(self) -> str:
        return f"Redactor({self.masked!r})"

    def text(self, text: str) -> str:
        if self.url and self.url in text:
            text = text.replace(self.url, self.masked)
        for s in self.secrets:
            if len(s) >= 3:  # shorter ones only where a URL holds them
                text = text.replace(s, "****")
            else:
                text = text.replace(":" + s + "@", ":****@")
        return text

    def value(self, v: Any) -> Any:
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in cast(Dict[str, Any], v).items()}
        if isinstance(v, (list, tuple)):
            seq = cast("list[object] | tuple[object, ...]", v)
            return type(seq)(self.value(x) for x in seq)
        return v

    def error(self, exc: BaseException) -> BaseException:
        """Scrub exc in place (message, args, meta) and return it."""
        if not self.secrets:
            return exc
        exc.args = tuple(self.value(a) for a in exc.args)
        if isinstance(exc, PrismaError):
            exc.message = self.text(exc.message)
            exc.meta = self.value(dict(exc.meta))
        return exc
