"""Input and output types shared by every generated client.

The generated ``types.py`` of an app re-exports these and adds the per-model
TypedDicts (``UserWhereInput``, ...). They mirror Prisma's names so that
Prisma's documentation transfers. Every TypedDict is ``total=False``: a type
checker then accepts any subset of the keys and rejects unknown ones.

Keys inside the dicts are Prisma's camelCase; the snake_case spellings the
engine also accepts (``startswith``, ``not_in``, ``in_``, ...) are listed too so
that code using them type-checks. Keys that are Python keywords (``in``,
``not``) force the functional TypedDict syntax.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Union

from typing import Literal, TypedDict

__all__ = [
    "AnyNull",
    "DbNull",
    "Json",
    "JsonNull",
    "NullSentinel",
    "SortOrder",
    "NullsOrder",
    "QueryMode",
    "RelationLoadStrategy",
    "SortOrderInput",
    "OrderByRelationAggregateInput",
    "BatchPayload",
    "DecimalInput",
    "DateTimeInput",
    "StringFilter",
    "IntFilter",
    "BigIntFilter",
    "FloatFilter",
    "DecimalFilter",
    "DateTimeFilter",
    "BooleanFilter",
    "BoolFilter",
    "BytesFilter",
    "JsonFilter",
    "StringListFilter",
    "IntListFilter",
    "BigIntListFilter",
    "FloatListFilter",
    "DecimalListFilter",
    "DateTimeListFilter",
    "BooleanListFilter",
    "BytesListFilter",
    "JsonListFilter",
    "StringFieldUpdateOperationsInput",
    "IntFieldUpdateOperationsInput",
    "BigIntFieldUpdateOperationsInput",
    "FloatFieldUpdateOperationsInput",
    "DecimalFieldUpdateOperationsInput",
    "DateTimeFieldUpdateOperationsInput",
    "BooleanFieldUpdateOperationsInput",
    "BoolFieldUpdateOperationsInput",
    "BytesFieldUpdateOperationsInput",
    "JsonFieldUpdateOperationsInput",
    "StringListUpdateInput",
    "IntListUpdateInput",
    "BigIntListUpdateInput",
    "FloatListUpdateInput",
    "DecimalListUpdateInput",
    "DateTimeListUpdateInput",
    "BooleanListUpdateInput",
    "BytesListUpdateInput",
    "JsonListUpdateInput",
]

#: A Json field's value: whatever json.loads could return.
Json = Any


class NullSentinel:
    """One of Prisma's null values for Json fields: :data:`DbNull`,
    :data:`JsonNull` or :data:`AnyNull`. A Json field tells the database's
    NULL from the JSON value ``null``; these say which is meant (see Prisma's
    "Working with Json fields"). There are exactly three instances; copying
    or pickling one gives the same object, so ``is`` compares them."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        if name in _SENTINELS:
            raise TypeError(f"use caspian_prisma.{name}, the one instance of it")
        if name not in ("DbNull", "JsonNull", "AnyNull"):
            raise ValueError(f"no null sentinel named {name!r}")
        self._name = name

    @property
    def name(self) -> str:
        """``"DbNull"``, ``"JsonNull"`` or ``"AnyNull"``."""
        return self._name

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self) -> str:
        # The module attribute of the same name: unpickling gives this instance.
        return self._name

    def __copy__(self) -> "NullSentinel":
        return self

    def __deepcopy__(self, memo: Any) -> "NullSentinel":
        return self


_SENTINELS: Dict[str, NullSentinel] = {}
#: Writes SQL NULL to a Json field; as a filter, matches rows whose column is NULL.
DbNull = NullSentinel("DbNull")
_SENTINELS["DbNull"] = DbNull
#: Writes the JSON value ``null``; as a filter, matches it (not SQL NULL).
JsonNull = NullSentinel("JsonNull")
_SENTINELS["JsonNull"] = JsonNull
#: Filters only: matches SQL NULL or JSON ``null``.
AnyNull = NullSentinel("AnyNull")
_SENTINELS["AnyNull"] = AnyNull

SortOrder = Literal["asc", "desc"]
NullsOrder = Literal["first", "last"]
QueryMode = Literal["default", "insensitive"]
#: How a read loads its relations (Prisma's relationLoadStrategy): 'query'
#: (the default) runs one statement per relation; 'join' reads everything
#: in one statement, the related rows as JSON.
RelationLoadStrategy = Literal["join", "query"]

#: A Decimal field accepts Decimal, int, float or its text on input.
DecimalInput = Union[Decimal, int, float, str]
#: A DateTime field accepts an aware or naive (taken as UTC) datetime, or ISO-8601 text.
DateTimeInput = Union[datetime, str]


class SortOrderInput(TypedDict, total=False):
    """Sort order with the position of NULLs: ``{'sort': 'asc', 'nulls': 'last'}``."""

    sort: SortOrder
    nulls: NullsOrder


class OrderByRelationAggregateInput(TypedDict, total=False):
    """Order by the number of related records: ``{'posts': {'_count': 'desc'}}``."""

    _count: SortOrder


class BatchPayload(TypedDict):
    """What ``create_many``, ``update_many`` and ``delete_many`` return."""

    count: int


# Filters. The comparison keys are shared; `not` nests the same filter.

StringFilter = TypedDict(
    "StringFilter",
    {
        "equals": Union[str, None],
        "in": List[str],
        "in_": List[str],
        "notIn": List[str],
        "not_in": List[str],
        "lt": str,
        "lte": str,
        "gt": str,
        "gte": str,
        "contains": str,
        "startsWith": str,
        "startswith": str,
        "starts_with": str,
        "endsWith": str,
        "endswith": str,
        "ends_with": str,
        "search": str,
        "mode": QueryMode,
        "not": Union[str, None, "StringFilter"],
        "not_": Union[str, None, "StringFilter"],
    },
    total=False,
)

IntFilter = TypedDict(
    "IntFilter",
    {
        "equals": Union[int, None],
        "in": List[int],
        "in_": List[int],
        "notIn": List[int],
        "not_in": List[int],
        "lt": int,
        "lte": int,
        "gt": int,
        "gte": int,
        "not": Union[int, None, "IntFilter"],
        "not_": Union[int, None, "IntFilter"],
    },
    total=False,
)

BigIntFilter = TypedDict(
    "BigIntFilter",
    {
        "equals": Union[int, None],
        "in": List[int],
        "in_": List[int],
        "notIn": List[int],
        "not_in": List[int],
        "lt": int,
        "lte": int,
        "gt": int,
        "gte": int,
        "not": Union[int, None, "BigIntFilter"],
        "not_": Union[int, None, "BigIntFilter"],
    },
    total=False,
)

FloatFilter = TypedDict(
    "FloatFilter",
    {
        "equals": Union[float, None],
        "in": List[float],
        "in_": List[float],
        "notIn": List[float],
        "not_in": List[float],
        "lt": float,
        "lte": float,
        "gt": float,
        "gte": float,
        "not": Union[float, None, "FloatFilter"],
        "not_": Union[float, None, "FloatFilter"],
    },
    total=False,
)

DecimalFilter = TypedDict(
    "DecimalFilter",
    {
        "equals": Union[DecimalInput, None],
        "in": List[DecimalInput],
        "in_": List[DecimalInput],
        "notIn": List[DecimalInput],
        "not_in": List[DecimalInput],
        "lt": DecimalInput,
        "lte": DecimalInput,
        "gt": DecimalInput,
        "gte": DecimalInput,
        "not": Union[DecimalInput, None, "DecimalFilter"],
        "not_": Union[DecimalInput, None, "DecimalFilter"],
    },
    total=False,
)

DateTimeFilter = TypedDict(
    "DateTimeFilter",
    {
        "equals": Union[DateTimeInput, None],
        "in": List[DateTimeInput],
        "in_": List[DateTimeInput],
        "notIn": List[DateTimeInput],
        "not_in": List[DateTimeInput],
        "lt": DateTimeInput,
        "lte": DateTimeInput,
        "gt": DateTimeInput,
        "gte": DateTimeInput,
        "not": Union[DateTimeInput, None, "DateTimeFilter"],
        "not_": Union[DateTimeInput, None, "DateTimeFilter"],
    },
    total=False,
)

BooleanFilter = TypedDict(
    "BooleanFilter",
    {
        "equals": Union[bool, None],
        "not": Union[bool, None, "BooleanFilter"],
        "not_": Union[bool, None, "BooleanFilter"],
    },
    total=False,
)
#: Prisma's own name for BooleanFilter.
BoolFilter = BooleanFilter

BytesFilter = TypedDict(
    "BytesFilter",
    {
        "equals": Union[bytes, None],
        "in": List[bytes],
        "in_": List[bytes],
        "notIn": List[bytes],
        "not_in": List[bytes],
        "not": Union[bytes, None, "BytesFilter"],
        "not_": Union[bytes, None, "BytesFilter"],
    },
    total=False,
)

JsonFilter = TypedDict(
    "JsonFilter",
    {
        "equals": Json,
        "not": Json,
        "not_": Json,
        "path": Union[str, List[str]],
        "string_contains": str,
        "string_starts_with": str,
        "string_ends_with": str,
        "array_contains": Json,
        "array_starts_with": Json,
        "array_ends_with": Json,
        "lt": Json,
        "lte": Json,
        "gt": Json,
        "gte": Json,
        "mode": QueryMode,
    },
    total=False,
)


# Scalar list filters (PostgreSQL scalar lists).


class StringListFilter(TypedDict, total=False):
    """Filter on a ``String[]`` field."""

    equals: Union[List[str], None]
    has: Union[str, None]
    hasEvery: List[str]
    has_every: List[str]
    hasSome: List[str]
    has_some: List[str]
    isEmpty: bool
    is_empty: bool


class IntListFilter(TypedDict, total=False):
    """Filter on an ``Int[]`` field."""

    equals: Union[List[int], None]
    has: Union[int, None]
    hasEvery: List[int]
    has_every: List[int]
    hasSome: List[int]
    has_some: List[int]
    isEmpty: bool
    is_empty: bool


class BigIntListFilter(IntListFilter, total=False):
    """Filter on a ``BigInt[]`` field."""


class FloatListFilter(TypedDict, total=False):
    """Filter on a ``Float[]`` field."""

    equals: Union[List[float], None]
    has: Union[float, None]
    hasEvery: List[float]
    has_every: List[float]
    hasSome: List[float]
    has_some: List[float]
    isEmpty: bool
    is_empty: bool


class DecimalListFilter(TypedDict, total=False):
    """Filter on a ``Decimal[]`` field."""

    equals: Union[List[DecimalInput], None]
    has: Union[DecimalInput, None]
    hasEvery: List[DecimalInput]
    has_every: List[DecimalInput]
    hasSome: List[DecimalInput]
    has_some: List[DecimalInput]
    isEmpty: bool
    is_empty: bool


class DateTimeListFilter(TypedDict, total=False):
    """Filter on a ``DateTime[]`` field."""

    equals: Union[List[DateTimeInput], None]
    has: Union[DateTimeInput, None]
    hasEvery: List[DateTimeInput]
    has_every: List[DateTimeInput]
    hasSome: List[DateTimeInput]
    has_some: List[DateTimeInput]
    isEmpty: bool
    is_empty: bool


class BooleanListFilter(TypedDict, total=False):
    """Filter on a ``Boolean[]`` field."""

    equals: Union[List[bool], None]
    has: Union[bool, None]
    hasEvery: List[bool]
    has_every: List[bool]
    hasSome: List[bool]
    has_some: List[bool]
    isEmpty: bool
    is_empty: bool


class BytesListFilter(TypedDict, total=False):
    """Filter on a ``Bytes[]`` field."""

    equals: Union[List[bytes], None]
    has: Union[bytes, None]
    hasEvery: List[bytes]
    has_every: List[bytes]
    hasSome: List[bytes]
    has_some: List[bytes]
    isEmpty: bool
    is_empty: bool


class JsonListFilter(TypedDict, total=False):
    """Filter on a ``Json[]`` field."""

    equals: Union[List[Json], None]
    has: Json
    hasEvery: List[Json]
    has_every: List[Json]
    hasSome: List[Json]
    has_some: List[Json]
    isEmpty: bool
    is_empty: bool


# Update operations. Numbers are computed in SQL; exactly one key per update.


class StringFieldUpdateOperationsInput(TypedDict, total=False):
    """``{'set': value}`` for a String field."""

    set: Union[str, None]


class IntFieldUpdateOperationsInput(TypedDict, total=False):
    """Atomic update of an Int field: exactly one of set/increment/decrement/multiply/divide."""

    set: Union[int, None]
    increment: int
    decrement: int
    multiply: int
    divide: int


class BigIntFieldUpdateOperationsInput(IntFieldUpdateOperationsInput, total=False):
    """Atomic update of a BigInt field."""


class FloatFieldUpdateOperationsInput(TypedDict, total=False):
    """Atomic update of a Float field."""

    set: Union[float, None]
    increment: float
    decrement: float
    multiply: float
    divide: float


class DecimalFieldUpdateOperationsInput(TypedDict, total=False):
    """Atomic update of a Decimal field."""

    set: Union[DecimalInput, None]
    increment: DecimalInput
    decrement: DecimalInput
    multiply: DecimalInput
    divide: DecimalInput


class DateTimeFieldUpdateOperationsInput(TypedDict, total=False):
    """``{'set': value}`` for a DateTime field."""

    set: Union[DateTimeInput, None]


class BooleanFieldUpdateOperationsInput(TypedDict, total=False):
    """``{'set': value}`` for a Boolean field."""

    set: Union[bool, None]


#: Prisma's own name for BooleanFieldUpdateOperationsInput.
BoolFieldUpdateOperationsInput = BooleanFieldUpdateOperationsInput


class BytesFieldUpdateOperationsInput(TypedDict, total=False):
    """``{'set': value}`` for a Bytes field."""

    set: Union[bytes, None]


class JsonFieldUpdateOperationsInput(TypedDict, total=False):
    """``{'set': value}`` for a Json field."""

    set: Json


class StringListUpdateInput(TypedDict, total=False):
    """Update of a ``String[]`` field."""

    set: List[str]
    push: Union[str, List[str]]


class IntListUpdateInput(TypedDict, total=False):
    """Update of an ``Int[]`` field."""

    set: List[int]
    push: Union[int, List[int]]


class BigIntListUpdateInput(IntListUpdateInput, total=False):
    """Update of a ``BigInt[]`` field."""


class FloatListUpdateInput(TypedDict, total=False):
    """Update of a ``Float[]`` field."""

    set: List[float]
    push: Union[float, List[float]]


class DecimalListUpdateInput(TypedDict, total=False):
    """Update of a ``Decimal[]`` field."""

    set: List[DecimalInput]
    push: Union[DecimalInput, List[DecimalInput]]


class DateTimeListUpdateInput(TypedDict, total=False):
    """Update of a ``DateTime[]`` field."""

    set: List[DateTimeInput]
    push: Union[DateTimeInput, List[DateTimeInput]]


class BooleanListUpdateInput(TypedDict, total=False):
    """Update of a ``Boolean[]`` field."""

    set: List[bool]
    push: Union[bool, List[bool]]


class BytesListUpdateInput(TypedDict, total=False):
    """Update of a ``Bytes[]`` field."""

    set: List[bytes]
    push: Union[bytes, List[bytes]]


class JsonListUpdateInput(TypedDict, total=False):
    """Update of a ``Json[]`` field."""

    set: List[Json]
    push: Json


#: Shape of group_by rows and other free-form results.
Row = Dict[str, Any]
