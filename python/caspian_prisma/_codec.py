"""msgpack on the wire to the engine, with the value types of abi/values.go.

- ``decimal.Decimal`` <-> extension 1 carrying the number's text;
- ``datetime`` <-> msgpack's timestamp extension (-1); a naive datetime is
  taken as UTC, a ``date`` as midnight UTC; results are tz-aware UTC datetimes
  (nanoseconds beyond Python's microseconds are truncated);
- ``enum.Enum`` members are sent by value; ``bytes``/``bytearray``/
  ``memoryview`` as bin; sets and tuples as lists;
- the Json null sentinels (``DbNull``, ``JsonNull``, ``AnyNull``) <->
  extension 2 carrying the sentinel's name;
- integers outside the 64-bit range are refused with the argument path.

The fixtures in abi/testdata/ are decoded by this module and by Go alike.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import enum
import threading
from typing import AbstractSet, Any, Dict, Iterator, Tuple, cast

import msgpack  # type: ignore[import-untyped,unused-ignore]

from .errors import PrismaClientValidationError
from .types import AnyNull, DbNull, JsonNull, NullSentinel

__all__ = ["EXT_DECIMAL", "EXT_NULL", "packb", "unpackb"]

EXT_DECIMAL = 1
EXT_NULL = 2

_NULLS = {s.name: s for s in (DbNull, JsonNull, AnyNull)}
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
    if isinstance(obj, NullSentinel):
        return msgpack.ExtType(EXT_NULL, obj.name.encode())
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (set, frozenset)):
        return list(cast(AbstractSet[Any], obj))
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


#: msgpack's nesting limit (its packer refuses deeper values with a bare
#: ValueError); the engine's own filter limit is lower (MaxFilterDepth).
MAX_DEPTH = 511


# Each thread reuses one Packer: msgpack.packb makes a new one (and its
# buffer) per call, which costs more than packing a point lookup's envelope.
# Taken out of the thread's slot while in use, so that a packb reached again
# on the same thread while one runs (from _default, a finalizer) makes its own.
# A Packer's buffer never shrinks: one that packed more than _KEEP_BYTES is
# dropped rather than kept holding that much.
_local = threading.local()
_KEEP_BYTES = 1 << 20


def _new_packer() -> Any:
    return cast(Any, msgpack.Packer(default=_default, use_bin_type=True, datetime=False))  # pyright: ignore[reportUnknownMemberType]


def packb(obj: Any) -> bytes:
    """Encode a request value. Raises PrismaClientValidationError for an int
    beyond 64 bits or a value nested deeper than :data:`MAX_DEPTH`, and
    TypeError for a value of an unknown type; each names the argument path
    (``where.email.in[0]``) where it is."""
    # No typing.cast here: Dict[str, Any] costs as much as the packing.
    slot: Dict[str, Any] = _local.__dict__
    packer = slot.pop("packer", None) or _new_packer()
    try:
        # A failed pack leaves the packer empty (msgpack resets its buffer).
        packed: bytes = packer.pack(obj)
        if len(packed) > _KEEP_BYTES:
            packer = None
        return packed
    except OverflowError:
        path, value = _find(obj, _is_big_int) or ("", None)
        raise PrismaClientValidationError(
            f"integer {value}{_at(path)} is outside the 64-bit range [{_INT_MIN}, {_INT_MAX}]",
            meta={"path": _user_path(path)},
        ) from None
    except TypeError:
        found = _find(obj, _is_unknown)
        if found is None:
            raise
        path, value = found
        raise TypeError(
            f"cannot send a value of type {type(value).__name__}{_at(path)} to the engine: {value!r}"
        ) from None
    except ValueError:
        deep = _deep_path(obj)
        if deep is None:
            raise
        raise PrismaClientValidationError(
            f"the value{_at(deep)} is nested more than {MAX_DEPTH} levels deep",
            meta={"path": _user_path(deep)},
        ) from None
    finally:
        if packer is not None:
            slot["packer"] = packer


def _user_path(path: str) -> str:
    # A request is {"method", "params": {"model", "action", "args"}}: the
    # user wrote what is under args.
    for prefix in ("params.args.", "params."):
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


def _at(path: str) -> str:
    path = _user_path(path)
    if len(path) > 200:  # a deep path: its start and its end say where
        path = path[:90] + " ... " + path[-90:]
    return f" at `{path}`" if path else ""


def _is_big_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and not _INT_MIN <= v <= _INT_MAX


_KNOWN = (type(None), bool, int, float, str, bytes, bytearray, memoryview, _dt.date, decimal.Decimal, enum.Enum, NullSentinel)


def _is_unknown(v: Any) -> bool:
    return not isinstance(v, _KNOWN)


def _find(obj: Any, pred: Any) -> "Tuple[str, Any] | None":
    for p, v in _walk(obj, ""):
        if pred(v):
            return p, v
    return None


def _deep_path(obj: Any) -> "str | None":
    """The path of the first container nested deeper than MAX_DEPTH."""
    stack = [(obj, "", 0)]
    while stack:
        v, path, depth = stack.pop()
        if isinstance(v, enum.Enum):
            v = v.value
        if not isinstance(v, (dict, list, tuple, set, frozenset)):
            continue
        if depth >= MAX_DEPTH:
            return path
        stack.extend(reversed(list(_children(v, path, depth + 1))))
    return None


def _children(v: Any, path: str, depth: int) -> Iterator[Tuple[Any, str, int]]:
    if isinstance(v, dict):
        for k, x in cast(Dict[str, Any], v).items():
            yield x, f"{path}.{k}" if path else str(k), depth
    else:
        for i, x in enumerate(v):
            yield x, f"{path}[{i}]", depth


def _walk(obj: Any, path: str) -> Iterator[Tuple[str, Any]]:
    # Iterative, depth first in order: a deep value must not exhaust
    # Python's recursion limit while its error is being explained.
    stack = [(obj, path, 0)]
    while stack:
        v, p, depth = stack.pop()
        if isinstance(v, enum.Enum):
            v = v.value
        if isinstance(v, (dict, list, tuple, set, frozenset)):
            stack.extend(reversed(list(_children(v, p, depth + 1))))
        else:
            yield p, v


def _ext_hook(code: int, data: bytes) -> Any:
    if code == EXT_DECIMAL:
        return decimal.Decimal(data.decode())
    if code == EXT_NULL:
        return _NULLS[data.decode()]
    return msgpack.ExtType(code, data)


def unpackb(data: bytes) -> Any:
    """Decode a reply: timestamps become tz-aware UTC datetimes, ext 1 Decimal,
    ext 2 the null sentinel of that name."""
    return msgpack.unpackb(  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        data,
        raw=False,
        timestamp=3,
        ext_hook=_ext_hook,
        strict_map_key=False,
    )
