"""The base class of every generated model class.

A model instance is a thin view over the row dict the engine returned: the
row IS the instance's ``__dict__``, so building one costs one object and no
copy, and attribute access runs at plain-attribute speed. This matters: a
100-row ``find_many`` builds 100 of them. Only relation fields (nested rows
become model instances) and enum fields (text becomes the generated enum) are
converted, and only when the model has such fields.

A field the query did not select, or a relation it did not include, is absent
from the row; reading it gives ``None`` and ``to_dict()`` leaves it out.
"""
from __future__ import annotations

# The runtime's classes share underscored members (_from_row, _execute, _wire,
# _core, ...) with each other inside this package; the underscore keeps them
# off the generated client's public surface, not away from the package.
# pyright: reportPrivateUsage=false

import base64
import enum
import sys
from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Dict, List, Optional, Tuple, Type, TypeVar, cast

__all__ = ["BaseModel", "PrismaEnum", "to_jsonable"]

_M = TypeVar("_M", bound="BaseModel")


class PrismaEnum(str, enum.Enum):
    """Base of generated enums: str-valued, so a member equals its value and
    is accepted wherever the plain string is."""

    def __str__(self) -> str:
        return str(self.value)


# Per model class: the (field, converter) pairs applied to each row, built on
# first use because related classes are only all defined once the generated
# module finished importing.
_converters: Dict[type, List[Tuple[str, Callable[[Any], Any]]]] = {}


class BaseModel:
    """A record returned by a query. Generated subclasses declare the fields."""

    #: The Prisma model name.
    __prisma_model__: ClassVar[str] = ""
    #: Every field name the model has (scalars, enums and relations).
    __prisma_fields__: ClassVar[Tuple[str, ...]] = ()
    #: Relation field name -> related model class name (in the same module).
    __prisma_relations__: ClassVar[Dict[str, str]] = {}
    #: Enum field name -> generated enum class.
    __prisma_enums__: ClassVar[Dict[str, Type[enum.Enum]]] = {}

    #: Relation counts asked for with ``_count`` in select/include, e.g. ``{'posts': 3}``.
    _count: Optional[Dict[str, int]]

    def __init__(self, **data: Any) -> None:
        self.__dict__.update(data)

    @classmethod
    def _from_row(cls: Type[_M], row: Dict[str, Any]) -> _M:
        """Builds an instance around an engine row (the dict is adopted, not copied)."""
        conv = _converters.get(cls)
        if conv is None:
            conv = cls._build_converters()
        for key, fn in conv:
            v = row.get(key)
            if v is not None:
                row[key] = fn(v)
        obj = cls.__new__(cls)
        obj.__dict__ = row
        return obj

    @classmethod
    def _build_converters(cls) -> List[Tuple[str, Callable[[Any], Any]]]:
        conv: List[Tuple[str, Callable[[Any], Any]]] = []
        module = sys.modules.get(cls.__module__)
        for name, target in cls.__prisma_relations__.items():
            related = getattr(module, target, None)
            if related is None:
                raise TypeError(f"model {cls.__prisma_model__}: related model class {target!r} not found in {cls.__module__}")
            conv.append((name, _relation_converter(related)))
        for name, enum_cls in cls.__prisma_enums__.items():
            conv.append((name, _enum_converter(enum_cls)))
        _converters[cls] = conv
        return conv

    if not TYPE_CHECKING:
        # Only at run time: a type checker must keep reporting misspelled
        # attributes, which a visible __getattr__ would silence.
        def __getattr__(self, name: str) -> Any:
            if name in type(self).__prisma_fields__ or name == "_count":
                return None
            raise AttributeError(f"{type(self).__name__!s} has no field {name!r}")

    def to_dict(self) -> Dict[str, Any]:
        """The record as JSON-ready values: datetimes as ISO-8601 text, Decimal
        as text, bytes as base64, enums as their value. Only the fields the query
        returned are present (select/omit are honoured; relations only when
        loaded), nested relations included."""
        return {k: to_jsonable(v) for k, v in self._ordered_items()}

    def _ordered_items(self) -> List[Tuple[str, Any]]:
        """The present fields in schema order (as Prisma returns them), then
        _count and anything else set on the instance."""
        d = self.__dict__
        items = [(k, d[k]) for k in type(self).__prisma_fields__ if k in d]
        if len(items) != len(d):
            seen = {k for k, _ in items}
            items.extend((k, v) for k, v in d.items() if k not in seen)
        return items

    def model_dump(self) -> Dict[str, Any]:
        """Alias of :meth:`to_dict` (pydantic's spelling)."""
        return self.to_dict()

    def _data_fields(self) -> Dict[str, Any]:
        rel = type(self).__prisma_relations__
        return {k: v for k, v in self.__dict__.items() if k not in rel and k != "_count"}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BaseModel)
        return self._data_fields() == other._data_fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        rel = type(self).__prisma_relations__
        parts: List[str] = []
        for k, v in self._ordered_items():
            if k in rel:
                if isinstance(v, list):
                    parts.append(f"{k}=[{len(cast(List[object], v))} {rel[k]}]")
                else:
                    parts.append(f"{k}={v!r}")
            else:
                parts.append(f"{k}={v!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _relation_converter(related: Type[BaseModel]) -> Callable[[Any], Any]:
    from_row = related._from_row

    # cast's types as text here and below: a subscripted Dict[str, Any] would
    # be built for every row.
    def convert(v: Any) -> Any:
        if isinstance(v, list):
            return [from_row(cast("Dict[str, Any]", r)) if isinstance(r, dict) else r for r in cast("List[object]", v)]
        if isinstance(v, dict):
            return from_row(cast("Dict[str, Any]", v))
        return v

    return convert


def _enum_converter(enum_cls: Type[enum.Enum]) -> Callable[[Any], Any]:
    by_value = enum_cls._value2member_map_

    def one(v: Any) -> Any:
        try:
            return by_value[v]
        except (KeyError, TypeError):
            return v  # a value the schema does not know: keep it, do not fail the read

    def convert(v: Any) -> Any:
        if isinstance(v, list):
            return [one(x) for x in cast("List[object]", v)]
        return one(v)

    return convert


def to_jsonable(v: Any) -> Any:
    """Converts one value to what json.dumps accepts, as Prisma's JSON output spells it."""
    if v is None or isinstance(v, (bool, int, float, str)) and not isinstance(v, enum.Enum):
        return v
    if isinstance(v, BaseModel):
        return v.to_dict()
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=timezone.utc)
        s = v.astimezone(timezone.utc).isoformat(timespec="milliseconds")
        return s[:-6] + "Z" if s.endswith("+00:00") else s
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(cast("bytes | bytearray | memoryview", v))).decode("ascii")
    if isinstance(v, dict):
        return {k: to_jsonable(x) for k, x in cast(Dict[str, Any], v).items()}
    if isinstance(v, (list, tuple)):
        return [to_jsonable(x) for x in cast("list[object] | tuple[object, ...]", v)]
    return v
