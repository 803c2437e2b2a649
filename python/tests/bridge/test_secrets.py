"""No database password reaches the app through the client: a generated
client given a URL (``Prisma(url=...)`` or DATABASE_URL) that is unreachable,
malformed or refused raises errors, logs and prints nothing that holds the
password, raw or percent-encoded, whatever characters it contains."""
import asyncio
import importlib
import logging
import os
import random
import string
import sys
import traceback
import urllib.parse

import pytest

from caspian_prisma import _native, config as _config
from caspian_prisma.errors import PrismaError, Redactor

PASSWORDS = [
    "100%SeKrEt",  # an unencoded '%'
    "p@ss@W0rdSecret",  # '@'
    "co:lo:nSecret",  # ':'
    "sl/as/hSecret",  # '/'
    "M1x%@:/?#Secr3t",  # all of them
    "ZZ" + "".join(random.SystemRandom().choice(string.ascii_letters + string.digits + "%@:/?#!$&*()+,;=-._~") for _ in range(64)),
]

SERVER_ENV = {"postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}


def _targets(provider):
    out = [
        ("unreachable", "127.0.0.1:1", "Can't reach database server"),
        ("port out of range", "127.0.0.1:99999", 'invalid port "99999"'),
        ("port not a number", "127.0.0.1:abc", "invalid port"),
    ]
    base = os.environ.get(SERVER_ENV[provider])
    if base:
        out.append(("refuses the password", urllib.parse.urlsplit(base).netloc.rsplit("@", 1)[-1], "Authentication failed"))
    return out


def _forms(pw):
    forms = {pw, urllib.parse.quote(pw, safe=""), urllib.parse.quote_plus(pw), urllib.parse.quote(pw)}
    try:
        forms.add(urllib.parse.unquote(pw, errors="strict"))
    except UnicodeDecodeError:  # pragma: no cover
        pass
    return forms


@pytest.fixture(scope="module")
def clients(make_client):
    out = {}
    for provider in ("postgresql", "mysql"):
        root, package = make_client(provider)
        sys.path.insert(0, root)
        try:
            out[provider] = (root, importlib.import_module(package).Prisma)
        finally:
            sys.path.remove(root)
    return out


@pytest.mark.parametrize("scheme,provider", [("postgresql", "postgresql"), ("postgres", "postgresql"), ("mysql", "mysql")])
def test_client_errors_and_logs_hold_no_password(clients, scheme, provider, caplog, capfd, monkeypatch):
    root, Prisma = clients[provider]
    caplog.set_level(logging.DEBUG)
    cases = 0
    for target, host_port, says in _targets(provider):
        for pw in PASSWORDS:
            url = f"{scheme}://caspian:{pw}@{host_port}/leakdb?connect_timeout=5"
            for source in ("url=", "DATABASE_URL", ".env"):
                dotenv = os.path.join(root, ".env")
                if os.path.exists(dotenv):
                    os.unlink(dotenv)
                monkeypatch.delenv("DATABASE_URL", raising=False)
                if source == "url=":
                    client = Prisma(url=url, root=root, log_queries=True)
                elif source == "DATABASE_URL":
                    monkeypatch.setenv("DATABASE_URL", url)
                    client = Prisma(root=root, log_queries=True)
                else:
                    with open(dotenv, "w") as f:
                        f.write(f'DATABASE_URL="{url}"\n')
                    client = Prisma(root=root, log_queries=True)
                texts = [repr(client), repr(client._core.project())]
                for op in (client.connect, lambda: client.user.find_many(), lambda: client.query_raw("SELECT 1")):
                    loop = asyncio.new_event_loop()
                    try:
                        loop.run_until_complete(op())
                    except PrismaError as exc:
                        texts += [str(exc), repr(exc), repr(exc.args), repr(exc.meta)]
                        texts += traceback.format_exception(type(exc), exc, exc.__traceback__)
                        assert says in str(exc), (url, target, str(exc))
                    else:
                        pytest.fail(f"{url}: no error")
                    finally:
                        loop.run_until_complete(client.disconnect())
                        loop.close()
                    cases += 1
                out, err = capfd.readouterr()
                texts += [out, err, caplog.text]
                caplog.clear()
                blob = "\n".join(texts)
                for form in _forms(pw):
                    assert form not in blob, f"password {pw!r} (as {form!r}) leaked for {url} from {source} ({target}):\n{blob}"
    assert cases >= 3 * 3 * 3 * len(PASSWORDS)


def test_project_config_repr_holds_no_url(tmp_path):
    pw = "100%SeKrEt"
    (tmp_path / ".env").write_text(f'DATABASE_URL="postgresql://u:{pw}@127.0.0.1:1/db"\n')
    cfg = _config.resolve(str(tmp_path), root=str(tmp_path), environ={})
    assert cfg.url and pw in cfg.url  # the engine needs it ...
    assert pw not in repr(cfg)  # ... but it stays out of repr() and so out of logs


def test_redactor_is_the_engines():
    url = "mysql://rel:100%Se@Kr/Et@127.0.0.1:3306/rel"
    masked, secrets = _native.redact(url)
    assert masked == "mysql://rel:****@127.0.0.1:3306/rel"
    r = Redactor(url, masked, secrets)
    assert r.text(f"connect {url}: 100%Se@Kr/Et") == f"connect {masked}: ****"
    exc = PrismaError("failed: 100%Se@Kr/Et", "P1001", {"detail": ["100%25Se%40Kr%2FEt"]})
    r.error(exc)
    assert "Se@Kr" not in str(exc) and "Se@Kr" not in repr(exc.args) and "%40Kr" not in repr(exc.meta)
