"""Full-text search through the generated client, as Prisma Client has it:
the `search` filter and the `_relevance` order, on PostgreSQL (to_tsquery
syntax) and MySQL (boolean mode, over the FULLTEXT indexes `ppy db push`
creates from @@fulltext). SQLite has none: both are a validation error
naming the argument path. The words are neither stop words nor shorter than
InnoDB's minimum token, and stem to themselves, so every text search
configuration agrees."""
from __future__ import annotations

import os

import pytest

from caspian_prisma import errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "search.prisma")

# Each search in the database's own query syntax.
QUERIES = {
    "postgresql": {"and": "dragon & castle", "or": "dragon | wizard", "not": "castle & !dragon",
                   "phrase": "castle <-> gate", "malformed": "dragon castle"},
    "mysql": {"and": "+dragon +castle", "or": "dragon wizard", "not": "+castle -dragon",
              "phrase": '"castle gate"', "malformed": "(("},
}

ENV = {"sqlite": None, "postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}


def _params():
    return [pytest.param(p, id=p, marks=[pytest.mark.skip(reason=f"{env} is not set (make test sets it)")]
                         if env and not os.environ.get(env) else [])
            for p, env in ENV.items()]


@pytest.fixture(scope="module", params=_params())
def project(request, tmp_path_factory, e2e):
    with open(SCHEMA_FILE) as f:
        lines = f.read().splitlines(keepends=True)
    if request.param != "mysql":
        lines = [line for line in lines if "@@fulltext" not in line]
    proj = e2e.make_project(tmp_path_factory, request.param, "".join(lines), "search")
    p, r = proj.prisma, proj.run
    ann = r(p.author.create(data={"name": "Ann"}))
    bob = r(p.author.create(data={"name": "Bob"}))
    for title, body, author in [
        ("dragon castle", "dragon guards castle gate", ann),
        ("forest wizard", "wizard lives deep forest", bob),
        ("castle siege", "armies besiege castle walls", bob),
        ("garden", "dragon dragon dragon sleeps garden", ann),
    ]:
        r(p.article.create(data={"title": title, "body": body, "authorId": author.id}))
    yield proj
    e2e.close_project(proj)


def _ids(project, **args):
    args.setdefault("order", {"id": "asc"})
    return [a.id for a in project.run(project.prisma.article.find_many(**args))]


def _needs_search(project):
    if project.provider not in QUERIES:
        pytest.skip("the provider has no full-text search (test_sqlite_refuses)")
    return QUERIES[project.provider]


def test_search_filter(project):
    q = _needs_search(project)
    assert _ids(project, where={"title": {"search": "castle"}}) == [1, 3]
    assert _ids(project, where={"title": {"search": q["and"]}}) == [1]
    assert _ids(project, where={"title": {"search": q["or"]}}) == [1, 2]
    assert _ids(project, where={"title": {"search": q["not"]}}) == [3]
    assert _ids(project, where={"body": {"search": q["phrase"]}}) == [1]
    assert _ids(project, where={"title": {"not": {"search": "castle"}}}) == [2, 4]
    bobs = project.run(project.prisma.author.find_many(where={"articles": {"some": {"title": {"search": "wizard"}}}}))
    assert [a.name for a in bobs] == ["Bob"]
    assert project.run(project.prisma.article.count(where={"body": {"search": "dragon"}})) == 2


def test_relevance_order(project):
    _needs_search(project)
    by_dragon = {"_relevance": {"fields": ["body"], "search": "dragon", "sort": "desc"}}
    assert _ids(project, order=[by_dragon, {"id": "asc"}]) == [4, 1, 2, 3]
    assert _ids(project, order=[{"_relevance": {"fields": "body", "search": "dragon", "sort": "asc"}},
                                {"id": "asc"}]) == [2, 3, 1, 4]
    assert _ids(project, where={"body": {"search": "castle"}}, take=1,
                order=[{"_relevance": {"fields": ["title", "body"], "search": "siege", "sort": "desc"}},
                       {"id": "asc"}]) == [3]
    ann = project.run(project.prisma.author.find_first(where={"name": "Ann"},
                                                       include={"articles": {"order_by": [by_dragon]}}))
    assert [a.id for a in ann.articles] == [4, 1]


def test_malformed_query_is_a_data_error(project):
    q = _needs_search(project)
    with pytest.raises(errors.DataValidationError) as e:
        _ids(project, where={"title": {"search": q["malformed"]}})
    assert e.value.meta["path"] == "where.title.search"


def test_mysql_needs_a_fulltext_index(project):
    if project.provider != "mysql":
        pytest.skip("only MySQL needs an index")
    with pytest.raises(errors.PrismaClientValidationError) as e:
        _ids(project, where={"summary": {"search": "war"}})
    assert e.value.meta["path"] == "where.summary.search"
    assert "@@fulltext([summary])" in str(e.value)


def test_sqlite_refuses(project):
    if project.provider != "sqlite":
        pytest.skip("SQLite only")
    for args, path in [
        ({"where": {"title": {"search": "castle"}}}, "where.title.search"),
        ({"order": {"_relevance": {"fields": ["title"], "search": "castle", "sort": "asc"}}}, "orderBy._relevance"),
    ]:
        with pytest.raises(errors.PrismaClientValidationError) as e:
            _ids(project, **args)
        assert e.value.meta["path"] == path
        assert "not supported by the sqlite provider" in str(e.value)
