"""Typed raw SQL at run time: what the functions of a generated ``sql.py``
return (``ppy generate --sql``), and how their result columns are decoded.

A generated function binds its arguments into a :class:`TypedSql`;
``prisma.query_raw_typed(q)`` runs it and returns its rows as the query's
``<Name>Result`` TypedDicts, each value decoded by the column's type as the
database described it at generate time (Prisma's TypedSQL,
https://www.prisma.io/docs/orm/prisma-client/using-raw-sql/typedsql).
"""
from __future__ import annotations

import enum
import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Dict, Generic, List, Sequence, Tuple, Type, TypeVar, Union, cast

from .models import _enum_converter  # pyright: ignore[reportPrivateUsage]

__all__ = ["TypedSql", "decode_row"]

RowT = TypeVar("RowT")

#: A result column as a generated sql.py describes it: (name, type) by
#: Prisma's scalar names, or (name, type, enum class) for a column of a
#: schema enum (a PostgreSQL enum type), whose values become the members.
Column = Union[Tuple[str, str], Tuple[str, str, Type[enum.Enum]]]


class TypedSql(Generic[RowT]):
    """One typed statement with its arguments bound, ready for
    ``prisma.query_raw_typed``. Built by the generated functions of
    ``sql.py``; ``RowT`` is the TypedDict of its rows."""

    __slots__ = ("name", "sql", "args", "columns", "param_types")

    def __init__(
        self, name: str, sql: str, args: Sequence[Any], columns: Sequence[Column], param_types: Sequence[str] = ()
    ) -> None:
        self.name = name
        """The function's name: the .sql file's name."""
        self.sql = sql
        """The statement, with the database's placeholders."""
        self.args = list(args)
        """The bound arguments, in placeholder order."""
        self.columns = tuple(columns)
        """(name, type) of each result column, by Prisma's scalar names, with
        the enum class as a third item for a column of a schema enum."""
        self.param_types = tuple(param_types)
        """The parameters' types by Prisma's scalar names, given when one is
        a list (``"String[]"``): its argument is bound as a database array."""

    def __repr__(self) -> str:
        return f"<TypedSql {self.name} args={len(self.args)}>"


def _int(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (float, Decimal)) and v == int(v):
        return int(v)
    if isinstance(v, str):
        return int(v)
    return v


def _float(v: Any) -> Any:
    if isinstance(v, (int, Decimal, str)) and not isinstance(v, bool):
        return float(v)
    return v


def _decimal(v: Any) -> Any:
    if isinstance(v, (int, float, str)) and not isinstance(v, bool):
        return Decimal(str(v))
    return v


def _bool(v: Any) -> Any:
    # MySQL's BOOLEAN is TINYINT(1), read back as 0/1; SQLite stores 0/1 too.
    if isinstance(v, int) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, str) and v.lower() in ("0", "1", "true", "false", "t", "f"):
        return v.lower() in ("1", "true", "t")
    return v


def _datetime(v: Any) -> Any:
    if isinstance(v, str):
        d = datetime.fromisoformat(v.replace("Z", "+00:00"))
        return d if d.tzinfo is not None else d.replace(tzinfo=timezone.utc)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        # SQLite DateTime columns Prisma writes hold Unix milliseconds.
        return datetime.fromtimestamp(v / 1000, tz=timezone.utc)
    return v


def _json(v: Any) -> Any:
    if isinstance(v, (str, bytes)):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def _bytes(v: Any) -> Any:
    if isinstance(v, bytearray):
        return bytes(v)
    return v


def _str(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v


_DECODERS: Dict[str, Callable[[Any], Any]] = {
    "Int": _int,
    "BigInt": _int,
    "Float": _float,
    "Decimal": _decimal,
    "Boolean": _bool,
    "DateTime": _datetime,
    "Json": _json,
    "Bytes": _bytes,
    "String": _str,
}


def _array_text(s: str) -> Any:
    """A one-dimensional array in PostgreSQL's text output ({a,"b c",NULL},
    https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO) as a list
    of str and None; any other text is returned as is."""
    if len(s) < 2 or s[0] != "{" or s[-1] != "}":
        return s
    body, i = s[1:-1], 0
    out: List[Any] = []
    if body == "":
        return out
    while i <= len(body):
        if i < len(body) and body[i] == '"':
            i += 1
            item: List[str] = []
            while i < len(body) and body[i] != '"':
                if body[i] == "\\" and i + 1 < len(body):
                    i += 1
                item.append(body[i])
                i += 1
            if i >= len(body):
                return s
            out.append("".join(item))
            i += 1
        else:
            end = body.find(",", i)
            end = len(body) if end < 0 else end
            text = body[i:end]
            if "{" in text or '"' in text:
                return s  # nested arrays are not lists of scalars
            out.append(None if text == "NULL" else text)
            i = end
        if i < len(body) and body[i] != ",":
            return s
        i += 1
    return out


def _decode(typ: str, v: Any) -> Any:
    if v is None:
        return None
    if typ.endswith("[]"):
        if isinstance(v, str):
            # PostgreSQL's text form of an array of a type the engine does
            # not read as a list itself (an enum type's array).
            v = _array_text(v)
        if not isinstance(v, list):
            return v
        items = cast(Sequence[Any], v)
        return [_decode(typ[:-2], x) for x in items]
    dec = _DECODERS.get(typ)
    if dec is None:
        return v
    try:
        return dec(v)
    except (ValueError, TypeError, ArithmeticError):
        return v  # a value the column's type does not fit is given as read


def _decoder(column: Column) -> Callable[[Any], Any]:
    typ = column[1]
    if len(column) == 3:
        # As the client decodes enum fields: the member of that value, a
        # value the enum does not know kept as read.
        to_enum = _enum_converter(column[2])
        return lambda v: to_enum(_decode(typ, v))
    return lambda v: _decode(typ, v)


def decode_row(columns: Sequence[Column], names: Sequence[str], row: Sequence[Any]) -> Dict[str, Any]:
    """One result row as a dict, each value decoded by the type its column
    had at generate time (matched by position; ``names`` are the names the
    database gives now)."""
    return _decode_with([_decoder(c) for c in columns], names, row)


def _decode_with(decoders: Sequence[Callable[[Any], Any]], names: Sequence[str], row: Sequence[Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for i, v in enumerate(row):
        out[names[i]] = decoders[i](v) if i < len(decoders) else v
    return out


def decode_rows(q: TypedSql[Any], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> List[Dict[str, Any]]:
    decoders = [_decoder(c) for c in q.columns]
    return [_decode_with(decoders, names, r) for r in rows]
