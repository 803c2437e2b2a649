"""A sample app that uses every operation of the generated client, written as
an app would write it. Both type checkers must accept it with zero errors
(test_typecheckers.py); it is checked, never run.

The client is the codegen golden (engine/codegen/testdata/golden), generated
from engine/codegen/testdata/fixture.prisma."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List, Optional

from src.lib.prisma import types
from src.lib.prisma.client import Prisma
from src.lib.prisma.db import prisma
from src.lib.prisma.enums import SalesStatus
from src.lib.prisma.models import Log, Post, Sales, User, UserRole


async def reads() -> None:
    one: Optional[User] = await prisma.user.find_unique(where={'email': "a@example.com"})
    sure: User = await prisma.user.find_unique_or_throw(where={'id': "1"}, include={'posts': True})
    first: Optional[Post] = await prisma.post.find_first(
        where={'published': True, 'title': {'contains': "Caspian", 'mode': 'insensitive'}},
        order_by={'createdAt': 'desc'},
    )
    first_sure: Post = await prisma.post.find_first_or_throw(where={'authorId': sure.id})
    many: List[Post] = await prisma.post.find_many(
        where={'OR': [{'title': {'startsWith': "a"}}, {'createdAt': {'gte': datetime.now(timezone.utc)}}]},
        order_by=[{'published': 'asc'}, {'title': {'sort': 'desc', 'nulls': 'last'}}],
        cursor={'id': "p1"},
        take=10,
        skip=1,
        distinct=['published'],
    )
    selected: List[User] = await prisma.user.find_many(
        select={'id': True, 'name': True, 'posts': {'where': {'published': True}, 'take': 2}},
    )
    included: List[User] = await prisma.user.find_many(
        where={'loginCount': {'gt': 2}, 'userRole': {'is': {'name': "admin"}}},
        include={
            'userRole': True,
            'posts': {'where': {'published': True}, 'order_by': {'title': 'desc'}, 'take': 3},
            '_count': {'select': {'posts': True}},
        },
        relation_load_strategy='join',
    )
    omitted: List[User] = await prisma.user.find_many(omit={'loginCount': True})
    roles: List[UserRole] = await prisma.userRole.find_many(
        where={'users': {'some': {'email': {'endswith': "@example.com"}}}},
    )
    pair = await prisma.pair.find_unique(where={'a_b': {'a': "x", 'b': "y"}})
    sales: List[Sales] = await prisma.sales.find_many(where={'status': SalesStatus.completed})
    sales = await prisma.sales.find_many(where={'status': {'in': ["pending", SalesStatus.completed]}})
    # What a returned model holds.
    email: str = sure.email
    name: Optional[str] = sure.name
    posts: Optional[List[Post]] = sure.posts
    role_name: Optional[str] = sure.userRole.name if sure.userRole else None
    row: Dict[str, Any] = sure.to_dict()
    print(one, first, first_sure, many, selected, included, omitted, roles, pair, sales, email, name, posts, role_name, row)


async def writes() -> None:
    user: User = await prisma.user.create(data={'email': "alice@example.com", 'name': "Alice"})
    nested: User = await prisma.user.create(
        data={
            'email': "bob@example.com",
            'posts': {'create': [{'title': "Hello"}, {'title': "World", 'published': True}]},
            'userRole': {'connect_or_create': {'where': {'name': "admin"}, 'create': {'name': "admin"}}},
        },
        include={'posts': True},
    )
    post: Post = await prisma.post.create(data={'title': "T", 'author': {'connect': {'id': user.id}}})
    post = await prisma.post.create(data={'title': "T", 'authorId': user.id})
    created = await prisma.user.create_many(
        data=[{'email': "c@example.com"}, {'email': "d@example.com", 'loginCount': 3}], skip_duplicates=True,
    )
    n_created: int = created['count']
    returned: List[Log] = await prisma.log.create_many_and_return(data=[{'action': "A"}, {'action': "B"}])
    await prisma.sample.create(data={
        's': "s", 'i': 1, 'b': 2**62, 'f': 1.5, 'd': Decimal("1.25"), 'bool': True,
        'dt': datetime.now(timezone.utc), 'j': {'any': [1, "json"]}, 'bytes': b"x",
        'status': SalesStatus.pending,
    })
    await prisma.sales.create(data={'amount': "9.99", 'rating': 4.5, 'status': "completed"})

    updated: User = await prisma.user.update(
        where={'id': user.id},
        data={'name': "New Name", 'loginCount': {'increment': 1}},
    )
    await prisma.user.update(
        where={'id': user.id},
        data={
            'name': {'set': None},
            'posts': {
                'update_many': {'where': {'published': False}, 'data': {'published': True}},
                'delete_many': {'title': {'contains': "draft"}},
                'create': {'title': "new"},
            },
            'userRole': {'disconnect': True},
        },
    )
    many = await prisma.post.update_many(where={'published': False}, data={'published': True})
    n_updated: int = many['count']
    back: List[Post] = await prisma.post.update_many_and_return(where={'authorId': user.id}, data={'title': "X"})
    up: User = await prisma.user.upsert(
        where={'email': "x@example.com"},
        data={'create': {'email': "x@example.com"}, 'update': {'name': "y"}},
    )
    up = await prisma.user.upsert(
        where={'email': "x@example.com"}, create={'email': "x@example.com"}, update={'loginCount': {'multiply': 2}},
    )
    gone: User = await prisma.user.delete(where={'id': user.id})
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    removed = await prisma.log.delete_many(where={'createdAt': {'lt': yesterday}})
    n_removed: int = removed['count']
    print(nested, post, n_created, returned, updated, n_updated, back, up, gone, n_removed)


async def aggregates() -> None:
    n: int = await prisma.user.count(where={'loginCount': {'gt': 2}})
    counts: Dict[str, int] = await prisma.user.count(select={'_all': True, 'name': True})
    stats = await prisma.sales.aggregate(
        _sum={'amount': True},
        _avg={'rating': True},
        _min={'status': True},
        where={'status': "completed"},
    )
    total: Optional[Decimal] = stats['_sum']['amount']
    avg: Optional[float] = stats['_avg']['rating']
    least: Optional[SalesStatus] = stats['_min']['status']
    groups: List[Dict[str, Any]] = await prisma.post.group_by(
        by=['published'],
        _count={'_all': True},
        where={'title': {'not': "x"}},
    )
    rated: List[Dict[str, Any]] = await prisma.sales.group_by(
        by=['status'],
        _avg={'rating': True},
        having={'rating': {'_avg': {'gt': 3}}, 'status': {'not': "pending"}, 'OR': [{'amount': {'_sum': {'gte': 10}}}]},
        order_by=[{'status': 'asc'}, {'_avg': {'rating': 'desc'}}],
        take=5,
    )
    print(n, counts, total, avg, least, groups, rated)


async def transactions_batches_raw() -> None:
    async with prisma.tx() as tx:
        user = await tx.user.create(data={'email': "tx@example.com", 'name': "Tx"})
        await tx.log.create(data={'action': "CREATED_USER", 'userId': user.id})
    async with prisma.transaction(timeout=timedelta(seconds=3), isolation_level="Serializable") as tx2:
        await tx2.post.update_many(where={'published': False}, data={'published': True})
    results: List[Any] = await prisma.batch([
        prisma.userRole.create(data={'name': "x"}),
        lambda: prisma.userrole.count(),
    ])
    rows: List[Dict[str, Any]] = await prisma.query_raw("SELECT * FROM User WHERE email LIKE ?", "%@gmail.com")
    affected: int = await prisma.execute_raw("DELETE FROM Log WHERE action = ?", "x")
    print(results, rows, affected)


async def lifecycle() -> None:
    client = Prisma()
    await client.connect()
    connected: bool = client.is_connected()
    await client.disconnect()
    async with Prisma() as scoped:
        await scoped.user.count()
    where: types.UserWhereInput = {'email': {'in': ["a", "b"]}}
    await prisma.user.find_many(where=where)
    print(connected)


async def hooks() -> None:
    from caspian_prisma import MiddlewareParams, NextFn

    async def timing(params: MiddlewareParams, next: NextFn) -> Any:
        model: Optional[str] = params.model
        action: str = params.action
        args: Dict[str, Any] = params.args
        in_tx: bool = params.run_in_transaction
        print(model, action, args, in_tx)
        return await next(params)

    prisma.use(timing)
    display = prisma.extend_result(User, "display", needs=["name", "email"], compute=lambda u: u.name or u.email)
    logins = prisma.extend_result("post", "shout", needs={"title": True}, compute=lambda p: len(str(p.title)))
    user = await prisma.user.find_unique_or_throw(where={'id': "1"})
    text: str = display(user)
    print(text, logins)


async def observability() -> None:
    from caspian_prisma.metrics import Metrics

    m: Metrics = await prisma.metrics()
    total: int = next(c["value"] for c in m["counters"] if c["key"] == "prisma_client_queries_total")
    buckets = [n for _, n in m["histograms"][0]["value"]["buckets"]]
    text: str = await prisma.metrics(format="prometheus")
    print(total, buckets, text)


async def typed_sql() -> None:
    from src.lib.prisma.sql import UsersByAgeResult, countPosts, salesByStatus, users_by_age

    rows: List[UsersByAgeResult] = await prisma.query_raw_typed(users_by_age(18, None))
    email: str = rows[0]['email']
    name: Optional[str] = rows[0]['name']
    created: datetime = rows[0]['createdAt']
    balance: Optional[Decimal] = rows[0]['balance']
    active: bool = rows[0]['active']
    tags: List[str] = rows[0]['tags']
    counts = await prisma.query_raw_typed(countPosts("anything"))
    print(email, name, created, balance, active, tags, counts[0]['n'])
    # PostgreSQL enum columns and parameters: the enum class, its members or literal names.
    sales = await prisma.query_raw_typed(salesByStatus("pending", [SalesStatus.completed, "pending"]))
    status: SalesStatus = sales[0]['status']
    was: Optional[SalesStatus] = sales[0]['was']
    print(status.value, was)
