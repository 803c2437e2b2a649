"""Python-only codec rules: naive datetimes, enums, big ints, unknown types."""
import datetime as dt
import decimal
import enum

import msgpack
import pytest

from caspian_prisma import _codec
from caspian_prisma.errors import PrismaClientValidationError


class Role(str, enum.Enum):
    ADMIN = "ADMIN"


class Level(enum.Enum):
    HIGH = 3


def test_naive_datetime_is_utc():
    naive = dt.datetime(2024, 3, 5, 7, 8, 9, 123000)
    aware = naive.replace(tzinfo=dt.timezone.utc)
    assert _codec.packb(naive) == _codec.packb(aware)
    back = _codec.unpackb(_codec.packb(naive))
    assert back == aware and back.tzinfo is not None and back.utcoffset() == dt.timedelta(0)


def test_other_timezones_are_converted():
    plus2 = dt.datetime(2024, 3, 5, 9, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert _codec.unpackb(_codec.packb(plus2)) == dt.datetime(2024, 3, 5, 7, 8, 9, tzinfo=dt.timezone.utc)


def test_microseconds_and_negative_times_survive():
    for t in [dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone.utc),
              dt.datetime(2262, 1, 1, 0, 0, 0, 1, tzinfo=dt.timezone.utc)]:
        assert _codec.unpackb(_codec.packb(t)) == t


def test_date_is_midnight_utc():
    assert _codec.unpackb(_codec.packb(dt.date(2024, 1, 2))) == dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)


def test_enums_by_value():
    assert _codec.unpackb(_codec.packb({"r": Role.ADMIN, "l": Level.HIGH})) == {"r": "ADMIN", "l": 3}


def test_decimal_text_is_plain():
    ext = msgpack.unpackb(_codec.packb(decimal.Decimal("1E+3")))
    assert ext == msgpack.ExtType(1, b"1000")
    with pytest.raises(PrismaClientValidationError):
        _codec.packb(decimal.Decimal("NaN"))


def test_bytes_like_are_bin():
    for v in (b"\x00\xff", bytearray(b"\x00\xff"), memoryview(b"\x00\xff")):
        assert _codec.unpackb(_codec.packb(v)) == b"\x00\xff"


def test_int_beyond_64_bits_names_its_path():
    with pytest.raises(PrismaClientValidationError) as info:
        _codec.packb({"args": {"data": {"n": [1, 2**64]}}})
    assert "args.data.n[1]" in str(info.value) and "64-bit" in str(info.value)
    with pytest.raises(PrismaClientValidationError):
        _codec.packb(-(2**63) - 1)
    assert _codec.unpackb(_codec.packb([2**64 - 1, -(2**63)])) == [2**64 - 1, -(2**63)]


def test_unknown_type_is_a_clear_type_error():
    with pytest.raises(TypeError, match="object"):
        _codec.packb({"x": object()})


def test_unknown_type_names_its_path():
    with pytest.raises(TypeError) as info:
        _codec.packb({"method": "query.execute", "params": {"args": {"where": {"email": {"in": ["a", object()]}}}}})
    assert "where.email.in[1]" in str(info.value) and "object" in str(info.value)


def test_too_deep_is_a_validation_error_with_its_path():
    deep: dict = {"email": "a"}
    for _ in range(2000):
        deep = {"AND": [deep]}
    with pytest.raises(PrismaClientValidationError) as info:
        _codec.packb({"params": {"args": {"where": deep}}})
    msg = str(info.value)
    assert msg.count("AND[0]") > 10 and "where.AND[0]" in msg and "nested more than" in msg, msg
    assert info.value.meta["path"].startswith("where.AND[0].AND[0]")
