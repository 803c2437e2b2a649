"""Mistakes the type checkers must catch in the generated client: every line
marked ``# expect-error`` must be reported, by mypy --strict and by pyright
strict alike, and no other line (test_typecheckers.py). One mistake per line,
each call on one line, so that both checkers report it on that line."""
from __future__ import annotations

from src.lib.prisma.db import prisma
from src.lib.prisma.enums import SalesStatus
from src.lib.prisma.models import User


async def misspelled_fields() -> None:
    await prisma.user.find_many(where={'emial': "a@example.com"})  # expect-error
    await prisma.user.find_many(where={'posts': {'some': {'titel': "x"}}})  # expect-error
    await prisma.user.create(data={'email': "a@example.com", 'nmae': "Alice"})  # expect-error
    await prisma.user.update(where={'id': "1"}, data={'loginCont': {'increment': 1}})  # expect-error
    await prisma.user.find_many(select={'id': True, 'emial': True})  # expect-error
    await prisma.user.find_many(include={'post': True})  # expect-error
    await prisma.post.find_many(order_by={'titel': 'asc'})  # expect-error
    await prisma.post.find_many(order_by=[{'title': 'asc'}, {'craetedAt': 'desc'}])  # expect-error


async def wrong_value_types() -> None:
    await prisma.user.find_many(where={'loginCount': "3"})  # expect-error
    await prisma.user.create(data={'email': 42})  # expect-error
    await prisma.post.update(where={'id': "1"}, data={'published': "yes"})  # expect-error
    await prisma.user.update(where={'id': "1"}, data={'loginCount': {'increment': "one"}})  # expect-error
    await prisma.post.find_many(order_by={'title': 'up'})  # expect-error
    await prisma.user.find_many(take="10")  # expect-error
    await prisma.user.find_many(include={'posts': True}, relation_load_strategy='lateral')  # expect-error


async def missing_required_fields() -> None:
    await prisma.user.create(data={'name': "no email"})  # expect-error
    await prisma.post.create(data={'published': True, 'authorId': "1"})  # expect-error
    await prisma.user.create_many(data=[{'email': "a"}, {'name': "b"}])  # expect-error
    await prisma.pair.find_unique(where={'a_b': {'a': "x"}})  # expect-error


async def nested_creates_leave_the_back_relation_to_the_parent() -> None:
    await prisma.user.create(data={'email': "e", 'posts': {'create': {'title': "t", 'authorId': "1"}}})  # expect-error
    await prisma.user.create(data={'email': "e", 'posts': {'create': [{'title': "t", 'author': {'connect': {'id': "1"}}}]}})  # expect-error
    await prisma.user.update(where={'id': "1"}, data={'posts': {'create_many': {'data': [{'title': "t", 'authorId': "2"}]}}})  # expect-error
    await prisma.user.create(data={'email': "e", 'posts': {'create': {'published': True}}})  # expect-error


async def unknown_relations() -> None:
    await prisma.user.find_many(include={'comments': True})  # expect-error
    await prisma.user.find_many(include={'email': True})  # expect-error
    await prisma.user.find_many(include={'_count': {'select': {'userRole': True}}})  # expect-error


async def wrong_operators() -> None:
    await prisma.user.find_many(where={'loginCount': {'contains': 1}})  # expect-error
    await prisma.post.find_many(where={'published': {'gt': True}})  # expect-error
    await prisma.user.find_many(where={'name': {'increment': 1}})  # expect-error
    await prisma.user.update(where={'id': "1"}, data={'name': {'increment': 1}})  # expect-error


async def wrong_enum_values() -> None:
    await prisma.sales.find_many(where={'status': "shipped"})  # expect-error
    await prisma.sales.create(data={'amount': 1, 'rating': 1.0, 'status': "Pending"})  # expect-error
    await prisma.sales.find_many(where={'status': {'in': ["pending", "lost"]}})  # expect-error
    print(SalesStatus.shipped)  # expect-error


async def group_by_mistakes() -> None:
    await prisma.sales.group_by(by=['status'], having={'ratin': {'_avg': {'gt': 3}}})  # expect-error
    await prisma.sales.group_by(by=['status'], having={'rating': {'_avg': {'gt': "3"}}})  # expect-error
    await prisma.sales.group_by(by=['status'], having={'status': {'_avg': {'gt': 1}}})  # expect-error
    await prisma.sales.group_by(by=['status'], order_by={'_avg': {'ratng': 'desc'}})  # expect-error
    await prisma.sales.group_by(by=['stauts'])  # expect-error


async def wrong_results() -> None:
    user = await prisma.user.find_unique_or_throw(where={'id': "1"})
    print(user.emial)  # expect-error
    count: str = await prisma.user.count()  # expect-error
    maybe = await prisma.user.find_unique(where={'id': "1"})
    print(maybe.email)  # expect-error


async def hook_mistakes() -> None:
    display = prisma.extend_result(User, "display", needs=["name"], compute=lambda u: u.nmae)  # expect-error
    count = prisma.extend_result(User, "n", needs=["loginCount"], compute=lambda u: u.loginCount)
    user = await prisma.user.find_unique_or_throw(where={'id': "1"})
    text: str = count(user)  # expect-error
    print(text)
    prisma.use(42)  # expect-error


async def typed_sql_mistakes() -> None:
    from src.lib.prisma.sql import salesByStatus, users_by_age

    await prisma.query_raw_typed(users_by_age("18", None))  # expect-error
    await prisma.query_raw_typed(users_by_age(18))  # expect-error
    rows = await prisma.query_raw_typed(users_by_age(18, "Ann"))
    print(rows[0]['emial'])  # expect-error
    big: str = rows[0]['big']  # expect-error
    await prisma.query_raw_typed("SELECT 1")  # expect-error
    await prisma.query_raw_typed(salesByStatus("shipped", []))  # expect-error
    await prisma.query_raw_typed(salesByStatus(SalesStatus.pending, ["pending", "lost"]))  # expect-error
    sales = await prisma.query_raw_typed(salesByStatus(SalesStatus.pending, []))
    sale_id: SalesStatus = sales[0]['id']  # expect-error
