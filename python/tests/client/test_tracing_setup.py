"""How tracing is switched on (caspian_prisma.tracing), without a database:
explicit settings, the environment variable, and a missing opentelemetry."""
import logging
import sys

import pytest

from caspian_prisma import tracing
from caspian_prisma.client import Client


class Prisma(Client):
    __prisma_provider__ = "sqlite"


def test_off_unless_asked(monkeypatch):
    monkeypatch.delenv(tracing.ENV, raising=False)
    assert Prisma()._core.tracer is None and not Prisma()._core.hooked
    monkeypatch.setenv(tracing.ENV, "1")
    p = Prisma()
    assert p._core.tracer is not None and p._core.hooked
    assert Prisma(tracing=False)._core.tracer is None
    p.set_tracing(False)
    assert p._core.tracer is None and not p._core.hooked


def test_missing_opentelemetry(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "opentelemetry", None)  # import fails as if not installed
    with pytest.raises(ImportError, match="pip install opentelemetry-api"):
        Prisma(tracing=True)
    monkeypatch.setenv(tracing.ENV, "true")
    with caplog.at_level(logging.WARNING, logger="caspian_prisma"):
        assert Prisma()._core.tracer is None
    assert "tracing is off" in caplog.text
