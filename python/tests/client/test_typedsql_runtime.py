"""The runtime half of typed raw SQL (caspian_prisma.typedsql): each column
is decoded by the type the database gave it at generate time, from the forms
the three databases return it in; a value that does not fit is given as read."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from caspian_prisma.typedsql import TypedSql, decode_row

UTC = timezone.utc


def test_decode_by_column_type():
    columns = [("i", "Int"), ("b", "BigInt"), ("f", "Float"), ("d", "Decimal"), ("o", "Boolean"),
               ("t", "DateTime"), ("j", "Json"), ("y", "Bytes"), ("s", "String"), ("l", "Int[]"), ("u", "Unknown")]
    names = [c for c, _ in columns]
    row = ["7", 9007199254740993.0, 2, "12.50", 1, "2024-05-06T07:08:09Z", '{"k": [1]}', bytearray(b"\x00"),
           b"caf\xc3\xa9", ["1", 2], object]
    got = decode_row(columns, names, row)
    assert got["i"] == 7 and type(got["i"]) is int
    assert type(got["b"]) is int
    assert got["f"] == 2.0 and type(got["f"]) is float
    assert got["d"] == Decimal("12.50") and type(got["d"]) is Decimal
    assert got["o"] is True
    assert got["t"] == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert got["j"] == {"k": [1]}
    assert got["y"] == b"\x00" and type(got["y"]) is bytes
    assert got["s"] == "café"
    assert got["l"] == [1, 2]
    assert got["u"] is object


def test_forms_each_database_returns():
    cols = [("o", "Boolean"), ("t", "DateTime"), ("n", "Int")]
    # MySQL: TINYINT(1) as 0; SQLite: DateTime as Unix milliseconds; None stays None.
    got = decode_row(cols, ["o", "t", "n"], [0, 1714979289000, None])
    assert got == {"o": False, "t": datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), "n": None}
    # A naive timestamp text is UTC.
    assert decode_row([("t", "DateTime")], ["t"], ["2024-05-06 07:08:09"])["t"].tzinfo is UTC


def test_values_that_do_not_fit_are_given_as_read():
    got = decode_row([("i", "Int"), ("j", "Json"), ("o", "Boolean")], ["i", "j", "o"], ["x1", "not json", "maybe"])
    assert got == {"i": "x1", "j": "not json", "o": "maybe"}


def test_columns_match_by_position_and_extra_ones_are_kept():
    # The database names the columns now; a column generate did not see is undecoded.
    got = decode_row([("a", "Boolean")], ["A", "extra"], [1, 1])
    assert got == {"A": True, "extra": 1}


def test_typed_sql_holds_its_statement():
    q = TypedSql("f", "SELECT ?", (1,), [("x", "Int")])
    assert (q.name, q.sql, q.args, q.columns) == ("f", "SELECT ?", [1], (("x", "Int"),))
    assert repr(q) == "<TypedSql f args=1>"


def test_enum_columns_decode_to_members():
    from caspian_prisma.models import PrismaEnum

    class Mood(PrismaEnum):
        happy = "happy"
        sad = "sad"

    cols = [("m", "String", Mood), ("ms", "String[]", Mood), ("n", "String", Mood)]
    got = decode_row(cols, ["m", "ms", "n"], ["sad", ["happy", "sad"], None])
    assert got["m"] is Mood.sad
    assert got["ms"] == [Mood.happy, Mood.sad] and all(type(m) is Mood for m in got["ms"])
    assert got["n"] is None
    # PostgreSQL's text form of an enum array (query.raw gives it as read).
    got = decode_row(cols[1:2], ["ms"], ['{happy,"sad",NULL}'])["ms"]
    assert got == [Mood.happy, Mood.sad, None] and type(got[0]) is Mood
    assert decode_row([("l", "String[]")], ["l"], ['{"a,b","c\\"d",""}'])["l"] == ["a,b", 'c"d', ""]
    assert decode_row([("l", "String[]")], ["l"], ["{}"])["l"] == []
    assert decode_row([("l", "String[]")], ["l"], ["{{a},{b}}"])["l"] == "{{a},{b}}"  # nested: as read
    # A value the enum does not know (added to the database after generate) is kept as read.
    assert decode_row(cols[:1], ["m"], ["bored"])["m"] == "bored"
