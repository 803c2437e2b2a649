"""TLS through the generated client, against the test servers of
scripts/db-up.sh, which offer it with the throwaway certificates of
scripts/tls-certs.sh (CASPIAN_TEST_TLS_DIR).

A project whose DATABASE_URL requires TLS with the server's certificate
checked (sslmode=require, sslaccept=strict, sslcert) is pushed, generated and
queried, and the server sees the client's session encrypted; a relative
sslcert is read from the project's prisma/ folder, as Prisma reads it; a CA
that did not sign the server's certificate fails with P1011, naming no
password. (engine/connector/tls_server_test.go checks each parameter; this
checks the way from an app's URL to the engine.)"""
import os
import shutil
from urllib.parse import quote

import pytest

from caspian_prisma.errors import PrismaConnectionError
from projectdb import PAGE_SCHEMA, PROVIDERS

TLS_DIR = os.environ.get("CASPIAN_TEST_TLS_DIR", "")

# The server's own account of the session: is it encrypted?
ENCRYPTED = {
    "postgresql": "SELECT ssl AS enc FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    "mysql": "SELECT VARIABLE_VALUE <> '' AS enc FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'",
}


def _servers():
    out = []
    for name in ("postgresql", "mysql"):
        env = PROVIDERS[name]
        marks = []
        if not (os.environ.get(env) and TLS_DIR):
            marks.append(pytest.mark.skip(reason=f"{env} and CASPIAN_TEST_TLS_DIR (make test sets them)"))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


def strict(url: str, ca: str) -> str:
    return f"{url}?sslmode=require&sslaccept=strict&sslcert={quote(ca, safe='/')}"


@pytest.fixture(scope="module", params=_servers())
def tls_project(request, tmp_path_factory, e2e):
    with open(PAGE_SCHEMA) as f:
        text = f.read()
    url = strict(e2e.fresh_url(request.param, "tls"), os.path.join(TLS_DIR, "ca.pem"))
    proj = e2e.make_project(tmp_path_factory, request.param, text, "tls", url=url)
    yield proj
    e2e.close_project(proj)


def encrypted(run, client, provider) -> bool:
    return bool(run(client.query_raw(ENCRYPTED[provider]))[0]["enc"])


def test_strict_tls_session(tls_project):
    p, run = tls_project.prisma, tls_project.run
    user = run(p.user.create(data={"email": "tls@example.com", "name": "T"}))
    assert run(p.user.find_unique_or_throw(where={"email": "tls@example.com"})).id == user.id
    assert encrypted(run, p, tls_project.provider)


def test_relative_sslcert(tls_project):
    certs = os.path.join(tls_project.path, "prisma", "certs")
    os.makedirs(certs, exist_ok=True)
    shutil.copy(os.path.join(TLS_DIR, "ca.pem"), os.path.join(certs, "ca.pem"))
    client = type(tls_project.prisma)(url=strict(tls_project.url.split("?", 1)[0], "certs/ca.pem"), root=tls_project.path)
    try:
        assert tls_project.run(client.user.count()) >= 0
        assert encrypted(tls_project.run, client, tls_project.provider)
    finally:
        tls_project.run(client.disconnect())


def test_wrong_ca_is_p1011(tls_project):
    url = strict(tls_project.url.split("?", 1)[0], os.path.join(TLS_DIR, "other-ca.pem"))
    client = type(tls_project.prisma)(url=url, root=tls_project.path)

    async def body():
        try:
            with pytest.raises(PrismaConnectionError) as ei:
                await client.user.count()
            return ei.value
        finally:
            await client.disconnect()

    err = tls_project.run(body())
    assert err.code == "P1011", repr(err)
    assert "Error opening a TLS connection" in err.message
    assert "certificate signed by unknown authority" in err.message
    assert "caspian:caspian" not in err.message and ":caspian@" not in err.message
