"""Typed raw SQL, as Prisma's TypedSQL: .sql files in prisma/sql become typed
functions of the generated sql module at `ppy generate --sql`, typed by the
database's own description of each statement, and
`prisma.query_raw_typed(fn(args))` returns their rows with values decoded
by the column types. On each provider: write the files, generate, import,
call, check values and Python types; a file the database rejects fails
generate naming the file."""
from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from decimal import Decimal

import pytest

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "typedsql.prisma")

CREATED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)


def _sql(provider: str) -> dict[str, str]:
    q = "`" if provider == "mysql" else '"'
    ph = (lambda n: f"${n}") if provider == "postgresql" else (lambda n: "?")
    cols = ", ".join(f"{q}{c}{q}" for c in ("id", "name", "nick", "createdAt", "price", "big", "score", "active", "data", "blob"))
    return {
        "itemsFrom.sql": (
            "-- @param {Int} $1:min_id The first id to return\n"
            f"SELECT {cols} FROM {q}Item{q} WHERE {q}id{q} >= {ph(1)} ORDER BY {q}id{q};\n"
        ),
        "itemsSince.sql": (
            "-- @param {Decimal} $1:min_price\n-- @param {DateTime} $2:since\n-- @param {Boolean} $3:active\n"
            f"SELECT {q}id{q} FROM {q}Item{q} WHERE {q}price{q} >= {ph(1)} AND {q}createdAt{q} >= {ph(2)}"
            f" AND {q}active{q} = {ph(3)} ORDER BY {q}id{q}\n"
        ),
        "countItems.sql": f"SELECT COUNT(*) AS n FROM {q}Item{q}\n",
        **({"itemsIn.sql": f"-- @param {{Int[]}} $1:ids\nSELECT {q}id{q} FROM {q}Item{q} WHERE {q}id{q} = ANY({ph(1)})\n"}
           if provider == "postgresql" else {}),
        "itemsByMood.sql": (
            f"SELECT {q}id{q}, {q}mood{q} FROM {q}Item{q} WHERE {q}mood{q} = {ph(1)}"
            + (f" OR {q}mood{q} = ANY({ph(2)})" if provider == "postgresql" else "")
            + f" ORDER BY {q}id{q}\n"
        ),
        "renameItem.sql": (
            "-- @param {String} $1:name\n"
            f"UPDATE {q}Item{q} SET {q}name{q} = {ph(1)} WHERE {q}id{q} = {ph(2)}\n"
        ),
    }


def _run_ppy(cwd: str, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("ppy")
    assert exe, "ppy is not on PATH: install the wheel (make install)"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _import_sql(path: str):
    for name in [m for m in sys.modules if m == "src.lib.prisma.sql"]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        return importlib.import_module("src.lib.prisma.sql")
    finally:
        sys.path.remove(path)


@pytest.fixture(scope="module")
def project(request, tmp_path_factory, e2e, provider_param):
    with open(SCHEMA_FILE) as f:
        proj = e2e.make_project(tmp_path_factory, provider_param, f.read(), "typedsql")
    p, r = proj.prisma, proj.run
    for i, name in enumerate(["first", "second"]):
        r(p.item.create(data={
            "name": name, "nick": None if i else "nick", "createdAt": CREATED, "price": Decimal("12.50"),
            "big": 9007199254740993 + i, "score": 1.5, "active": i == 0, "data": {"k": [1, "two"]}, "blob": b"\x00\xff",
            "mood": "sad" if i else "happy",
        }))
    sql_dir = os.path.join(proj.path, "prisma", "sql")
    os.makedirs(sql_dir)
    for name, text in _sql(provider_param).items():
        with open(os.path.join(sql_dir, name), "w") as f:
            f.write(text)
    res = _run_ppy(proj.path, "generate", "--sql")
    assert res.returncode == 0, res.stdout + res.stderr
    proj.sql = _import_sql(proj.path)
    yield proj
    e2e.close_project(proj)


def _providers():
    env = {"sqlite": None, "postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}
    return [pytest.param(p, id=p, marks=[pytest.mark.skip(reason=f"{e} is not set (make test sets it)")]
                         if e and not os.environ.get(e) else []) for p, e in env.items()]


@pytest.fixture(scope="module", params=_providers())
def provider_param(request):
    return request.param


def test_rows_are_typed_and_decoded(project):
    sql, p = project.sql, project.prisma
    rows = project.run(p.query_raw_typed(sql.itemsFrom(1)))
    assert [r["name"] for r in rows] == ["first", "second"]
    first, second = rows
    assert isinstance(first["id"], int) and first["id"] == 1
    assert first["nick"] == "nick" and second["nick"] is None
    assert first["createdAt"] == CREATED and first["createdAt"].tzinfo is not None
    assert first["price"] == Decimal("12.5") and isinstance(first["price"], Decimal)
    assert first["big"] == 9007199254740993 and isinstance(first["big"], int)
    assert first["score"] == 1.5 and isinstance(first["score"], float)
    if project.provider == "mysql" and isinstance(first["data"], str):
        # MariaDB's JSON is an alias of LONGTEXT, typed String by its metadata.
        assert json.loads(first["data"]) == {"k": [1, "two"]}
    else:
        assert first["data"] == {"k": [1, "two"]}
    assert first["blob"] == b"\x00\xff" and isinstance(first["blob"], bytes)
    assert first["active"] is True and second["active"] is False
    assert [r["id"] for r in project.run(p.query_raw_typed(sql.itemsFrom(min_id=2)))] == [2]


def test_generated_module_types(project):
    text = open(os.path.join(project.path, "src", "lib", "prisma", "sql.py")).read()
    assert "def itemsFrom(min_id: int) -> TypedSql[ItemsFromResult]:" in text
    assert "        min_id: The first id to return (Int)" in text
    assert "    nick: Optional[str]\n" in text and "    name: str\n" in text
    for col, typ in [("createdAt", "datetime"), ("price", "Decimal"), ("score", "float"), ("blob", "bytes"),
                     ("active", "bool"), ("big", "int")]:
        assert f"    {col}: {typ}\n" in text, col
    # An unannotated parameter: PostgreSQL types it, MySQL and SQLite do not.
    arg2 = "int" if project.provider == "postgresql" else "Any"
    assert f"def renameItem(name: str, arg2: {arg2})" in text


def test_typed_arguments(project):
    sql, p = project.sql, project.prisma
    rows = project.run(p.query_raw_typed(sql.itemsSince(Decimal("12.50"), CREATED, True)))
    assert [r["id"] for r in rows] == [1]
    assert project.run(p.query_raw_typed(sql.itemsSince(Decimal("12.51"), CREATED, True))) == []
    later = CREATED.replace(second=10)
    assert project.run(p.query_raw_typed(sql.itemsSince(Decimal("1"), later, True))) == []


def test_count_and_write(project):
    sql, p = project.sql, project.prisma
    n = project.run(p.query_raw_typed(sql.countItems()))[0]["n"]
    assert n == 2 and isinstance(n, int)
    assert project.run(p.query_raw_typed(sql.renameItem("renamed", 2))) == []
    assert project.run(p.item.find_unique_or_throw(where={"id": 2})).name == "renamed"

    async def in_tx():
        async with p.tx() as tx:
            await tx.query_raw_typed(sql.renameItem("in-tx", 2))
            return await tx.query_raw_typed(sql.itemsFrom(2))
    rows = project.run(in_tx())
    assert [r["name"] for r in rows] == ["in-tx"]


def test_enums(project):
    """PostgreSQL describes an enum column and parameter by its enum type:
    they are typed with the client's enum (its Input alias for arguments,
    members or literal names) and decoded to its members, as the client
    reads enum fields. MySQL and SQLite describe them as text: str."""
    sql, p = project.sql, project.prisma
    text = open(os.path.join(project.path, "src", "lib", "prisma", "sql.py")).read()
    if project.provider != "postgresql":
        assert "    mood: str\n" in text and "def itemsByMood(arg1: Any)" in text
        rows = project.run(p.query_raw_typed(sql.itemsByMood("sad")))
        assert [(r["id"], r["mood"]) for r in rows] == [(2, "sad")]
        return
    mood = importlib.import_module("src.lib.prisma.enums").Mood
    assert "    mood: Mood\n" in text
    assert "def itemsByMood(arg1: MoodInput, arg2: List[MoodInput]) -> TypedSql[ItemsByMoodResult]:" in text
    rows = project.run(p.query_raw_typed(sql.itemsByMood("sad", [])))
    assert [(r["id"], r["mood"]) for r in rows] == [(2, mood.sad)] and type(rows[0]["mood"]) is mood
    # Members bind as their values, alone and in a list (an enum array).
    rows = project.run(p.query_raw_typed(sql.itemsByMood(mood.happy, [mood.sad, "happy"])))
    assert [r["mood"] for r in rows] == [mood.happy, mood.sad]
    # A name the database enum does not have is the database's error.
    from caspian_prisma import errors
    with pytest.raises(errors.PrismaError, match="invalid input value for enum"):
        project.run(p.query_raw_typed(sql.itemsByMood("bored", [])))  # type: ignore[arg-type]


def test_list_arguments_bind_as_arrays(project):
    """A list argument of a list-typed parameter (PostgreSQL: "Int[]") is
    bound as a database array, where query_raw sends a list as JSON."""
    if project.provider != "postgresql":
        pytest.skip("only PostgreSQL types a parameter as a list")
    sql, p = project.sql, project.prisma
    text = open(os.path.join(project.path, "src", "lib", "prisma", "sql.py")).read()
    assert "def itemsIn(ids: List[int]) -> TypedSql[ItemsInResult]:" in text
    assert [r["id"] for r in project.run(p.query_raw_typed(sql.itemsIn([2, 5])))] == [2]
    assert project.run(p.query_raw_typed(sql.itemsIn([]))) == []


def test_rejected_file_fails_generate(project):
    bad = os.path.join(project.path, "prisma", "sql", "broken.sql")
    with open(bad, "w") as f:
        f.write("SELECT nope FROM NoSuchTable")
    try:
        res = _run_ppy(project.path, "generate", "--sql")
    finally:
        os.remove(bad)
    assert res.returncode == 1
    assert "Could not generate the typed query prisma/sql/broken.sql: the database rejected it:" in res.stderr
    assert "nosuchtable" in res.stderr.lower()  # PostgreSQL folds the unquoted name
    assert ":caspian@" not in res.stdout + res.stderr


def test_query_raw_typed_refuses_plain_sql(project):
    with pytest.raises(TypeError, match="generated sql module"):
        project.run(project.prisma.query_raw_typed("SELECT 1"))  # type: ignore[arg-type]
