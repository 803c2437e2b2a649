"""The abi/testdata fixtures, decoded and encoded by the Python codec: the Go
test (abi/fixtures_test.go) reads the same files, so the sides cannot drift."""
import datetime as dt
import decimal
import glob
import json
import os

import pytest

from caspian_prisma import AnyNull, DbNull, JsonNull, _codec
from caspian_prisma.errors import UniqueViolationError, error_from_reply

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FIXTURES = sorted(glob.glob(os.path.join(ROOT, "abi", "testdata", "*.json")))


def from_tagged(v):
    """The fixture notation as the Python values the codec yields."""
    if isinstance(v, list):
        return [from_tagged(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (k, s), = v.items()
            if k == "$datetime":
                return parse_rfc3339(s)
            if k == "$decimal":
                return decimal.Decimal(s)
            if k == "$bytes":
                return bytes.fromhex(s)
            if k == "$null":
                return {"DbNull": DbNull, "JsonNull": JsonNull, "AnyNull": AnyNull}[s]
        return {k: from_tagged(x) for k, x in sorted(v.items())}
    return v


def parse_rfc3339(s):
    # Python keeps microseconds: nanoseconds are truncated, as the codec does.
    assert s.endswith("Z")
    base, _, frac = s[:-1].partition(".")
    t = dt.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.timezone.utc)
    return t + dt.timedelta(microseconds=int((frac + "000000")[:6]))


def test_fixtures_present():
    assert len(FIXTURES) >= 10, "abi/testdata is missing (run go test ./abi -update)"


@pytest.mark.parametrize("path", FIXTURES, ids=[os.path.basename(p)[:-5] for p in FIXTURES])
def test_fixture(path):
    with open(path, encoding="utf-8") as f:
        fixture = json.load(f)
    with open(path[: -len(".json")] + ".msgpack", "rb") as f:
        golden = f.read()
    want = from_tagged(fixture["value"])
    got = _codec.unpackb(golden)
    assert got == want
    check_types(got, want)
    if fixture.get("python_encodes", True):
        assert _codec.packb(want) == golden


def check_types(got, want):
    # == alone would let 1 == 1.0 and a naive datetime pass.
    assert type(got) is type(want), (got, want)
    if isinstance(got, dict):
        for k in want:
            check_types(got[k], want[k])
    elif isinstance(got, list):
        for g, w in zip(got, want):
            check_types(g, w)
    elif isinstance(got, dt.datetime):
        assert got.tzinfo is not None and got.utcoffset() == dt.timedelta(0)


def test_error_reply_fixture_raises_its_class():
    with open(os.path.join(ROOT, "abi", "testdata", "reply_error.msgpack"), "rb") as f:
        reply = _codec.unpackb(f.read())
    err = error_from_reply(reply["error"])
    assert isinstance(err, UniqueViolationError)
    assert err.code == "P2002" and err.meta["target"] == ["email"]
    assert "email" in str(err)
