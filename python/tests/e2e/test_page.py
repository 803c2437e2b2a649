"""Every snippet of the "Database & ORM" page, as written, on every provider.

The snippet bodies below are copied from shared/mission/database-and-orm.md
character for character; the lines around them set up data and check results.
Two places cannot be literal: the transaction's `data={...}` placeholder is
filled in, and PostgreSQL's raw query uses its own quoting and `$1`
placeholder, as the API contract says placeholders are the database's own.
"""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from caspian_prisma.errors import RecordNotFoundError


def test_create(project):
    prisma = project.prisma

    async def snippet():
        user = await prisma.user.create(
            data={
                'email': "alice@example.com",
                'name': "Alice",
            }
        )
        return user

    user = project.run(snippet())
    assert user.email == "alice@example.com"
    assert user.name == "Alice"
    assert user.loginCount == 0
    assert isinstance(user.id, str) and len(user.id) == 25 and user.id.startswith("c")
    assert user.to_dict()["email"] == "alice@example.com"


def test_read_posts(project):
    prisma = project.prisma

    async def setup():
        alice = await prisma.user.find_unique(where={"email": "alice@example.com"})
        base = datetime(2026, 1, 1, tzinfo=timezone.utc)
        for i, (title, published) in enumerate([
            ("Caspian intro", True),
            ("Other news", True),
            ("Caspian draft", False),
            ("Deep Caspian dive", True),
            ("100%_Caspian", True),
        ]):
            await prisma.post.create(data={
                "title": title, "published": published, "authorId": alice.id,
                "createdAt": base + timedelta(hours=i),
            })

    project.run(setup())

    async def snippet():
        posts = await prisma.post.find_many(
            where={
                'published': True,
                'title': {'contains': "Caspian"},
            },
            order_by={'createdAt': 'desc'},
        )
        return posts

    posts = project.run(snippet())
    assert [p.title for p in posts] == ["100%_Caspian", "Deep Caspian dive", "Caspian intro"]
    assert all(p.createdAt.tzinfo is not None for p in posts)
    # contains matches literally: % and _ are not wildcards.
    literal = project.run(prisma.post.find_many(where={"title": {"contains": "%_"}}))
    assert [p.title for p in literal] == ["100%_Caspian"]


def test_read_user_include(project):
    prisma = project.prisma

    async def setup():
        role = await prisma.userRole.create(data={"name": "editor"})
        await prisma.user.update(where={"email": "alice@example.com"}, data={"userRoleId": role.id})

    project.run(setup())

    async def snippet():
        # Fetch user and join their role data
        user = await prisma.user.find_unique(
            where={'email': "alice@example.com"},
            include={'userRole': True},
        )
        return user

    user = project.run(snippet())
    assert user.name == "Alice"
    assert user.userRole is not None and user.userRole.name == "editor"
    assert user.posts is None  # not included
    assert user.to_dict()["userRole"]["name"] == "editor"


def test_read_user_select(project):
    prisma = project.prisma

    async def snippet():
        # ... or select specific fields
        user = await prisma.user.find_unique(
            where={'email': "alice@example.com"},
            select={'id': True, 'name': True},
        )
        return user

    user = project.run(snippet())
    assert user.name == "Alice" and user.id
    assert user.email is None
    assert set(user.to_dict()) == {"id", "name"}


def test_read_user_select_and_include(project):
    prisma = project.prisma

    async def snippet():
        user = await prisma.user.find_unique(
            where={'email': "alice@example.com"},
            include={'userRole': True},
            select={'id': True, 'name': True},
        )
        return user

    user = project.run(snippet())
    assert set(user.to_dict()) == {"id", "name", "userRole"}
    assert user.userRole.name == "editor"
    assert user.email is None


def test_update_atomic_increment(project):
    prisma = project.prisma
    project.run(prisma.user.create(data={"id": "123", "email": "u123@example.com", "loginCount": 41}))

    async def snippet():
        await prisma.user.update(
            where={'id': "123"},
            data={
                'name': "New Name",
                # Atomic increment
                'loginCount': {'increment': 1},
            },
        )

    project.run(snippet())
    user = project.run(prisma.user.find_unique(where={"id": "123"}))
    assert user.name == "New Name" and user.loginCount == 42


def test_transaction(project):
    prisma = project.prisma

    async def snippet():
        async with prisma.tx() as tx:
            user = await tx.user.create(data={'email': "tx@example.com", 'name': "Tx"})
            await tx.log.create(
                data={'action': "CREATED_USER", 'userId': user.id}
            )
        return user

    user = project.run(snippet())
    logs = project.run(prisma.log.find_many(where={"userId": user.id}))
    assert [log.action for log in logs] == ["CREATED_USER"]

    # If any operation fails, all are rolled back.
    async def failing():
        async with prisma.tx() as tx:
            await tx.user.create(data={'email': "rolled@example.com"})
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        project.run(failing())
    assert project.run(prisma.user.find_unique(where={"email": "rolled@example.com"})) is None


def test_delete(project):
    prisma = project.prisma
    project.run(prisma.log.delete_many(where={"userId": "123"}))

    async def snippet():
        # Delete specific record
        await prisma.user.delete(where={'id': "123"})

    project.run(snippet())
    assert project.run(prisma.user.find_unique(where={"id": "123"})) is None
    with pytest.raises(RecordNotFoundError):
        project.run(snippet())


def test_delete_many_old_logs(project):
    prisma = project.prisma
    now = datetime.now(timezone.utc)
    yesterday = now - timedelta(days=1)

    async def setup():
        await prisma.log.create(data={"action": "OLD", "createdAt": now - timedelta(days=3)})
        await prisma.log.create(data={"action": "OLDER", "createdAt": now - timedelta(days=30)})
        await prisma.log.create(data={"action": "NEW"})

    project.run(setup())
    before = project.run(prisma.log.count())

    async def snippet():
        # Batch delete
        return await prisma.log.delete_many(
            where={'createdAt': {'lt': yesterday}}
        )

    assert project.run(snippet()) == {"count": 2}
    assert project.run(prisma.log.count()) == before - 2


def test_aggregate(project, capsys):
    prisma = project.prisma

    async def setup():
        await prisma.sales.create_many(data=[
            {"amount": Decimal("19.99"), "rating": 4.5, "status": "completed"},
            {"amount": Decimal("5.01"), "rating": 3.5, "status": "completed"},
            {"amount": Decimal("100"), "rating": 1.0, "status": "pending"},
        ])

    project.run(setup())

    async def snippet():
        stats = await prisma.sales.aggregate(
            _sum={'amount': True},
            _avg={'rating': True},
            where={'status': "completed"},
        )
        print(stats['_sum']['amount'])
        return stats

    stats = project.run(snippet())
    assert stats["_sum"]["amount"] == Decimal("25.00")
    assert stats["_avg"]["rating"] == pytest.approx(4.0)
    assert capsys.readouterr().out.strip() in ("25.00", "25", "25.0")


def test_raw_sql(project):
    prisma = project.prisma
    project.run(prisma.user.create(data={"email": "gina@gmail.com", "name": "Gina"}))

    async def snippet():
        # Safe parameterized raw query
        users = await prisma.query_raw(
            "SELECT * FROM User WHERE email LIKE ?", "%@gmail.com"
        )
        return users

    async def snippet_postgres():
        return await prisma.query_raw('SELECT * FROM "User" WHERE email LIKE $1', "%@gmail.com")

    users = project.run(snippet_postgres() if project.provider == "postgresql" else snippet())
    assert [u["email"] for u in users] == ["gina@gmail.com"]
    assert users[0]["loginCount"] == 0 and isinstance(users[0]["loginCount"], int)
    table = '"Log"' if project.provider == "postgresql" else "Log"
    mark = "$1" if project.provider == "postgresql" else "?"
    n = project.run(prisma.execute_raw(f"UPDATE {table} SET action = {mark} WHERE action = 'NEW'", "SEEN"))
    assert n == 1


def test_raw_sql_keeps_select_column_order(project):
    q = '"' if project.provider == "postgresql" else ""
    sql = f"SELECT name, email, {q}loginCount{q} FROM {q}User{q} WHERE email = " + ("$1" if q else "?")
    rows = project.run(project.prisma.query_raw(sql, "gina@gmail.com"))
    assert list(rows[0]) == ["name", "email", "loginCount"]
