"""msgpack on the wire to the engine, with the value types of abi/values.go.

- ``decimal.Decimal`` <-> extension 1 carrying the number's text;
- ``datetime`` <-> msgpack's timestamp extension (-1); a naive datetime is
  taken as UTC, a ``date`` as midnight UTC; results are tz-aware UTC datetimes
  (nanoseconds beyond Python's microseconds are truncated);
- ``enum.Enum`` members are sent by value; ``bytes``/``bytearray``/
  ``memoryview`` as bin; sets and tuples as lists;
- integers outside the 64-bit range are refused with the argument path.

The fixtures in abi/testdata/ are decoded by this module and by Go alike.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import enum
from typing import Any, Iterator, Tuple

import msgpack  # type: ignore[import-untyped,unused-ignore]

from .errors import PrismaClientValidationError

__all__ = ["EXT_DECIMAL", "packb", "unpackb"]

EXT_DECIMAL = 1

_UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_UTC)
_INT_MIN = -(1 << 63)
_INT_MAX = (1 << 64) - 1


def _default(obj: Any) -> Any:
    # Called by msgpack for every value it does not know natively.
    if isinstance(obj, _dt.datetime):
        return _timestamp(obj if obj.tzinfo is not None else obj.replace(tzinfo=_UTC))
    if isinstance(obj, _dt.date):
        return _timestamp(_dt.datetime(obj.year, obj.month, obj.day, tzinfo=_UTC))
    if isinstance(obj, decimal.Decimal):
        if not obj.is_finite():
            raise PrismaClientValidationError(f"Decimal {obj} cannot be stored: only finite decimals are supported")
        return msgpack.ExtType(EXT_DECIMAL, format(obj, "f").encode())
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, int):
        # msgpack's C packer hands ints beyond 64 bits to default; packb
        # turns this into an error that names the argument path.
        raise OverflowError(obj)
    raise TypeError(f"cannot send a value of type {type(obj).__name__} to the engine: {obj!r}")


def _timestamp(dt: _dt.datetime) -> msgpack.Timestamp:
    # Integer arithmetic: older msgpack releases go through dt.timestamp(), a
    # float that misplaces microseconds and rounds negative times the wrong way.
    delta = dt - _EPOCH
    return msgpack.Timestamp(delta.days * 86400 + delta.seconds, delta.microseconds * 1000)


def packb(obj: Any) -> bytes:
    """Encode a request value. Raises PrismaClientValidationError for an int
    beyond 64 bits (naming where it is) and TypeError for unknown types."""
    try:
        packed: bytes = msgpack.packb(obj, default=_default, use_bin_type=True, datetime=False)
        return packed
    except OverflowError:
        path, value = _find_big_int(obj) or ("", None)
        where = f" at `{path}`" if path else ""
        raise PrismaClientValidationError(
            f"integer {value}{where} is outside the 64-bit range [{_INT_MIN}, {_INT_MAX}]",
            meta={"path": path},
        ) from None


def _find_big_int(obj: Any, path: str = "") -> "Tuple[str, int] | None":
    for p, v in _walk(obj, path):
        if isinstance(v, int) and not isinstance(v, bool) and not _INT_MIN <= v <= _INT_MAX:
            return p, v
    return None


def _walk(obj: Any, path: str) -> Iterator[Tuple[str, Any]]:
    if isinstance(obj, enum.Enum):
        obj = obj.value
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, obj


def _ext_hook(code: int, data: bytes) -> Any:
    if code == EXT_DECIMAL:
        return decimal.Decimal(data.decode())
    return msgpack.ExtType(code, data)


def unpackb(data: bytes) -> Any:
    """Decode a reply: timestamps become tz-aware UTC datetimes, ext 1 Decimal."""
    return msgpack.unpackb(
        data,
        raw=False,
        timestamp=3,
        ext_hook=_ext_hook,
        strict_map_key=False,
    )
