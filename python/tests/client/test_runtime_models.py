"""BaseModel: rows become instances cheaply; to_dict is JSON-ready and honours
what the query returned."""
import base64
import enum
import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import List, Optional

import pytest

from caspian_prisma.models import BaseModel, PrismaEnum


class Status(PrismaEnum):
    pending = "pending"
    completed = "completed"


# Hand-written the way codegen writes them (the generated ones are covered
# by test_typecheck.py); relation targets are looked up in this module.
class Author(BaseModel):
    __prisma_model__ = "Author"
    __prisma_fields__ = ("id", "email", "name", "status", "books")
    __prisma_relations__ = {"books": "Book"}
    __prisma_enums__ = {"status": Status}

    id: int
    email: str
    name: Optional[str]
    status: Status
    books: Optional[List["Book"]]


class Book(BaseModel):
    __prisma_model__ = "Book"
    __prisma_fields__ = ("id", "title", "price", "at", "cover", "meta", "author")
    __prisma_relations__ = {"author": "Author"}

    id: str
    title: str


def test_row_becomes_instance_with_relations_and_enums():
    at = datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=timezone.utc)
    a = Author._from_row({
        "id": 1, "email": "a@x.io", "status": "completed",
        "books": [{"id": "b1", "title": "T", "price": Decimal("9.50"), "at": at, "cover": b"\x00\xff",
                   "meta": {"k": [1, None]}, "author": {"id": 1, "email": "a@x.io"}}],
        "_count": {"books": 1},
    })
    assert a.id == 1 and a.email == "a@x.io"
    assert a.status is Status.completed and a.status == "completed"
    assert isinstance(a.books[0], Book) and isinstance(a.books[0].author, Author)
    assert a._count == {"books": 1}
    # Not selected / not included reads as None; unknown names still fail.
    assert a.name is None
    with pytest.raises(AttributeError):
        a.nope
    d = a.to_dict()
    assert d == {
        "id": 1, "email": "a@x.io", "status": "completed",
        "books": [{"id": "b1", "title": "T", "price": "9.50", "at": "2026-03-04T05:06:07.891Z",
                   "cover": base64.b64encode(b"\x00\xff").decode(), "meta": {"k": [1, None]},
                   "author": {"id": 1, "email": "a@x.io"}}],
        "_count": {"books": 1},
    }
    json.dumps(d)  # JSON-ready
    assert a.model_dump() == d


def test_to_dict_keeps_schema_order():
    a = Author._from_row({"_count": {"books": 0}, "status": "pending", "email": "e", "id": 1})
    assert list(a.to_dict()) == ["id", "email", "status", "_count"]
    assert repr(a).startswith("Author(id=1, email='e', status=")


def test_to_dict_only_has_returned_fields():
    a = Author._from_row({"id": 1, "name": "Ann"})
    assert a.to_dict() == {"id": 1, "name": "Ann"}
    assert "books" not in a.to_dict() and a.books is None


def test_equality_on_data_fields():
    x = Author._from_row({"id": 1, "email": "e", "books": []})
    y = Author(id=1, email="e")
    assert x == y
    assert x != Author(id=2, email="e")
    assert x != Book(id=1)
    with pytest.raises(TypeError):
        hash(x)


def test_repr_names_fields():
    a = Author._from_row({"id": 1, "email": "e", "books": [{"id": "b", "title": "t"}]})
    r = repr(a)
    assert r.startswith("Author(") and "email='e'" in r and "books=[1 Book]" in r


def test_unknown_enum_value_is_kept():
    a = Author._from_row({"id": 1, "status": "archived"})
    assert a.status == "archived"


def test_enum_is_str_valued():
    assert Status.pending == "pending" and str(Status.pending) == "pending"
    assert isinstance(Status.pending, str) and isinstance(Status.pending, enum.Enum)


def test_naive_datetime_is_utc_in_to_dict():
    b = Book._from_row({"id": "1", "at": datetime(2026, 1, 1, 12, 0, 0)})
    assert b.to_dict()["at"] == "2026-01-01T12:00:00.000Z"


def test_hundred_rows_build_cheaply():
    # Not a benchmark (bench/ has those): a guard against an accidental
    # per-row cost such as copying or validating every field.
    import time

    rows = [{"id": i, "email": f"u{i}@x.io", "name": None, "status": "pending"} for i in range(100)]
    t = time.perf_counter()
    for _ in range(100):
        [Author._from_row(dict(r)) for r in rows]
    assert (time.perf_counter() - t) < 1.0
