"""Error classes are chosen from the code table (and meta kind), never from text."""
import builtins

import pytest

from caspian_prisma import errors as E


@pytest.mark.parametrize(
    "code, cls",
    [
        ("P2002", E.UniqueViolationError),
        ("P2003", E.ForeignKeyViolationError),
        ("P2011", E.MissingRequiredValueError),
        ("P2012", E.MissingRequiredValueError),
        ("P2025", E.RecordNotFoundError),
        ("P2010", E.RawQueryError),
        ("P2021", E.TableNotFoundError),
        ("P2019", E.InputError),
        ("P2009", E.PrismaClientValidationError),
        ("P2028", E.TransactionExpiredError),
        ("P1000", E.ConnectionError),
        ("P1001", E.ConnectionError),
        ("P1003", E.ConnectionError),
        ("SCHEMA", E.SchemaError),
        ("INTERNAL", E.InternalError),
        ("P2034", E.DataError),  # no class of its own: still a data error
        ("CANCELED", E.PrismaError),
    ],
)
def test_code_table(code, cls):
    err = E.error_from_reply({"code": code, "message": "m", "meta": {"modelName": "User"}})
    assert type(err) is cls
    assert err.code == code and err.meta == {"modelName": "User"} and str(err) == "m"


def test_unknown_field_is_field_not_found():
    err = E.error_from_reply({"code": "P2009", "message": "unknown field `emial`", "meta": {"kind": "unknown_field", "field": "emial"}})
    assert type(err) is E.FieldNotFoundError
    assert isinstance(err, E.PrismaClientValidationError)


def test_the_message_text_does_not_choose_the_class():
    err = E.error_from_reply({"code": "P2025", "message": "Unique constraint failed", "meta": {}})
    assert type(err) is E.RecordNotFoundError


def test_internal_is_panic():
    assert E.error_from_reply({"code": "INTERNAL", "message": "x", "meta": {"is_panic": True}}).is_panic
    assert not E.error_from_reply({"code": "INTERNAL", "message": "x"}).is_panic


def test_connection_error_is_ours_not_the_builtin():
    assert E.ConnectionError is E.PrismaConnectionError
    assert E.ConnectionError.__name__ == "ConnectionError"
    assert not issubclass(E.ConnectionError, builtins.ConnectionError)
    assert issubclass(E.ConnectionError, E.PrismaError)


def test_missing_meta_is_an_empty_dict():
    err = E.error_from_reply({"code": "P2002", "message": "dup", "meta": None})
    assert err.meta == {}
    assert E.PrismaError("plain").meta == {} and E.PrismaError("plain").code == "UNKNOWN"
