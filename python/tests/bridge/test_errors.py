"""Error classes are chosen from the code table (and meta kind), never from text."""
import builtins
import os
import re

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
        ("P2000", E.ValueTooLongError),
        ("P2007", E.DataValidationError),
        ("P2020", E.ValueOutOfRangeError),
        ("P2029", E.QueryParameterLimitError),
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


# Codes of the engine's catalogue that keep the generic DataError, on purpose:
# Prisma Client and prisma-client-py have no class of their own for them.
GENERIC = {"P2014", "P2022", "P2024", "P2034"}

PERR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "engine", "perr", "perr.go")


@pytest.mark.skipif(not os.path.exists(PERR), reason="needs the source tree")
def test_every_catalogue_code_has_a_class_or_is_generic_on_purpose():
    """engine/perr is the one catalogue: a Prisma code added there needs a
    class here, or a place in GENERIC, before this passes."""
    with open(PERR, encoding="utf-8") as f:
        codes = set(re.findall(r'= "(P\d{4})"', f.read()))
    assert codes, "no codes found in perr.go"
    for code in sorted(codes):
        cls = E.CODE_TABLE.get(code)
        if code in GENERIC:
            assert cls is None, f"{code} is in GENERIC and in CODE_TABLE"
            continue
        assert cls is not None, f"{code} (engine/perr) has no class in CODE_TABLE and is not in GENERIC"
        assert issubclass(cls, E.PrismaError)


def test_new_value_errors_are_data_errors():
    """Code that caught the generic DataError for these keeps working."""
    for cls in (E.ValueTooLongError, E.DataValidationError, E.ValueOutOfRangeError, E.QueryParameterLimitError):
        assert issubclass(cls, E.DataError) and cls.__name__ in E.__all__
