"""Runs every snippet of Caspian's "Database & ORM" page, as written, and prints
what each returns. `make demo` copies this project to demo/, pushes the schema
to SQLite, generates the client into src/lib/prisma and runs this file."""
import asyncio
from datetime import datetime, timedelta, timezone

from src.lib.prisma.db import prisma
# No manual connection required.
# Just import and await.


def show(title, value):
    if isinstance(value, list):
        value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
    elif hasattr(value, "to_dict"):
        value = value.to_dict()
    print(f"{title}:\n  {value}")


async def main():
    # Some data for the page's reads, updates and aggregates to find.
    role = await prisma.userRole.create(data={"name": "admin"})
    await prisma.user.create(data={"id": "123", "email": "bob@example.com", "userRole": {"connect": {"id": role.id}}})
    await prisma.sales.create_many(data=[
        {"amount": "19.99", "rating": 4.5, "status": "completed"},
        {"amount": "5.01", "rating": 3.5, "status": "completed"},
        {"amount": "100", "rating": 1.0, "status": "pending"},
    ])

    # --- Create
    user = await prisma.user.create(
        data={
            'email': "alice@example.com",
            'name': "Alice",
        }
    )
    show("create", user)
    await prisma.post.create(data={"title": "Hello Caspian", "published": True, "authorId": user.id})
    await prisma.post.create(data={"title": "Caspian async tips", "published": True, "authorId": user.id})
    await prisma.post.create(data={"title": "Draft about Caspian", "authorId": user.id})

    # --- Read
    posts = await prisma.post.find_many(
        where={
            'published': True,
            'title': {'contains': "Caspian"},
        },
        order_by={'createdAt': 'desc'},
    )
    show("find_many published posts about Caspian", posts)

    # Fetch user and join their role data
    user = await prisma.user.find_unique(
        where={'email': "alice@example.com"},
        include={'userRole': True},
    )
    show("find_unique with include", user)

    # ... or select specific fields
    user = await prisma.user.find_unique(
        where={'email': "alice@example.com"},
        select={'id': True, 'name': True},
    )
    show("find_unique with select", user)

    # ... or both in one call
    user = await prisma.user.find_unique(
        where={'email': "alice@example.com"},
        include={'userRole': True},
        select={'id': True, 'name': True},
    )
    show("find_unique with select and include", user)

    # --- Update
    await prisma.user.update(
        where={'id': "123"},
        data={
            'name': "New Name",
            # Atomic increment
            'loginCount': {'increment': 1},
        },
    )
    show("after update", await prisma.user.find_unique(where={"id": "123"}))

    # --- Transactions
    async with prisma.tx() as tx:
        user = await tx.user.create(data={'email': "carol@example.com", 'name': "Carol"})
        await tx.log.create(
            data={'action': "CREATED_USER", 'userId': user.id}
        )
    show("logs after transaction", await prisma.log.find_many())

    # --- Delete
    await prisma.log.delete_many(where={"userId": "123"})
    # Delete specific record
    await prisma.user.delete(where={'id': "123"})
    show("user 123 after delete", await prisma.user.find_unique(where={"id": "123"}))

    # Batch delete
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    result = await prisma.log.delete_many(
        where={'createdAt': {'lt': yesterday}}
    )
    show("delete_many logs older than yesterday", result)

    # --- Aggregations
    stats = await prisma.sales.aggregate(
        _sum={'amount': True},
        _avg={'rating': True},
        where={'status': "completed"},
    )
    print(stats['_sum']['amount'])
    show("aggregate", stats)

    # --- Raw SQL
    # Safe parameterized raw query
    users = await prisma.query_raw(
        "SELECT * FROM User WHERE email LIKE ?", "%@gmail.com"
    )
    show("query_raw gmail users", users)
    users = await prisma.query_raw("SELECT * FROM User WHERE email LIKE ?", "%@example.com")
    show("query_raw example.com users", users)

    await prisma.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
