"""Prisma's Json filters through the generated client, on each provider:
`path` in the provider's form (a list of keys on PostgreSQL, a `$.a.b`
string on MySQL and SQLite; the other form is a validation error naming the
argument), the string, array and comparison filters, and the null sentinels
DbNull, JsonNull and AnyNull, written and filtered."""
import os

import pytest

from caspian_prisma import AnyNull, DbNull, JsonNull, errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "json.prisma")

DOCS = {
    "d1": {"pet": {"name": "Bob", "age": 3}, "tags": ["a", "b", "c"], "age": 5},
    "d2": {"pet": {"name": "bobby", "age": 12}, "tags": ["b"], "age": 40.5},
    "d3": JsonNull,
    "d4": DbNull,
    "d5": ["a", 1, {"k": 1}],
    "d6": {"pet": {"name": 7}, "age": "old"},
}


def path(project, *keys):
    if project.provider == "postgresql":
        return list(keys)
    return "$." + ".".join(keys)


def names(project, data_filter):
    docs = project.run(project.prisma.doc.find_many(where={"data": data_filter}, order_by={"name": "asc"}))
    return [d.name for d in docs]


def test_setup(project):
    for name, data in DOCS.items():
        project.run(project.prisma.doc.create(data={"name": name, "data": data}))


def test_generated_package_reexports_the_sentinels(project):
    import src.lib.prisma as generated

    assert generated.DbNull is DbNull and generated.JsonNull is JsonNull and generated.AnyNull is AnyNull
    assert generated.types.DbNull is DbNull


def test_string_filters(project):
    at = path(project, "pet", "name")
    assert names(project, {"path": at, "string_contains": "ob"}) == ["d1", "d2"]
    assert names(project, {"path": at, "string_contains": "B"}) == ["d1"]
    assert names(project, {"path": at, "string_starts_with": "BO", "mode": "insensitive"}) == ["d1", "d2"]
    assert names(project, {"path": at, "string_ends_with": "by"}) == ["d2"]
    # only string values: d6's name is the number 7
    assert names(project, {"path": at, "string_contains": "7"}) == []


def test_equals_and_comparisons_at_a_path(project):
    assert names(project, {"path": path(project, "pet", "age"), "equals": 3}) == ["d1"]
    assert names(project, {"path": path(project, "pet", "name"), "equals": "Bob"}) == ["d1"]
    assert names(project, {"path": path(project, "age"), "gt": 4}) == ["d1", "d2"]
    assert names(project, {"path": path(project, "age"), "gt": 4, "lt": 10}) == ["d1"]
    assert names(project, {"path": path(project, "age"), "gte": "o"}) == ["d6"]


def test_array_filters(project):
    tags = path(project, "tags")
    assert names(project, {"path": tags, "array_starts_with": "a"}) == ["d1"]
    assert names(project, {"path": tags, "array_ends_with": "b"}) == ["d2"]
    assert names(project, {"array_ends_with": {"k": 1}}) == ["d5"]
    if project.provider == "sqlite":
        # Prisma has no array_contains on SQLite either.
        with pytest.raises(errors.PrismaClientValidationError) as exc:
            names(project, {"path": tags, "array_contains": ["b"]})
        assert exc.value.meta["path"] == "where.data.array_contains"
    else:
        assert names(project, {"path": tags, "array_contains": ["b"]}) == ["d1", "d2"]
        assert names(project, {"path": tags, "array_contains": ["a", "c"]}) == ["d1"]
        assert names(project, {"array_contains": "a"}) == ["d5"]


def test_other_path_form_is_refused(project):
    other = "$.pet" if project.provider == "postgresql" else ["pet"]
    with pytest.raises(errors.PrismaClientValidationError) as exc:
        names(project, {"path": other, "equals": 1})
    assert exc.value.meta["path"] == "where.data.path"
    assert "Doc" in str(exc.value)


def test_null_sentinels(project):
    assert names(project, {"equals": DbNull}) == ["d4"]
    assert names(project, {"equals": JsonNull}) == ["d3"]
    assert names(project, {"equals": AnyNull}) == ["d3", "d4"]
    assert names(project, {"not": AnyNull}) == ["d1", "d2", "d5", "d6"]
    # Both nulls read back as None.
    assert project.run(project.prisma.doc.find_unique(where={"name": "d3"})).data is None
    p = project.prisma
    project.run(p.doc.update(where={"name": "d3"}, data={"data": DbNull}))
    project.run(p.doc.update(where={"name": "d4"}, data={"data": JsonNull}))
    assert names(project, {"equals": DbNull}) == ["d3"]
    assert names(project, {"equals": JsonNull}) == ["d4"]
    for bad in ({"data": AnyNull}, {"name": DbNull}, {"data": {"a": JsonNull}}):
        with pytest.raises(errors.PrismaClientValidationError):
            project.run(p.doc.update(where={"name": "d1"}, data=bad))
