"""Tortoise ORM over the same tables: aiosqlite on SQLite (Tortoise keeps ONE
connection per SQLite database; the same PRAGMAs), asyncpg on PostgreSQL
(minsize = maxsize = --pool). The nested read is prefetch_related; the atomic
update is filter().update(F(...) + 1), which returns a count, not the row
(Tortoise has no UPDATE ... RETURNING in its API)."""
from __future__ import annotations

from datetime import datetime, timezone

from tortoise import Tortoise, fields
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from bench.core import SQLITE_PRAGMAS

# Prisma's PostgreSQL DateTime is timestamp(3) without time zone, in UTC:
# there the value must be naive (asyncpg refuses an aware one).
_naive = False


def _now():
    now = datetime.now(timezone.utc)
    return now.replace(tzinfo=None) if _naive else now


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=191, unique=True)
    name = fields.CharField(max_length=191)
    loginCount = fields.IntField(default=0)
    createdAt = fields.DatetimeField(default=_now)

    class Meta:
        table = "User"


class Category(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=191, unique=True)

    class Meta:
        table = "Category"


class Post(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=191)
    published = fields.BooleanField(default=False)
    views = fields.IntField(default=0)
    createdAt = fields.DatetimeField(default=_now)
    author = fields.ForeignKeyField("models.User", related_name="posts", source_field="authorId")
    categories = fields.ManyToManyField("models.Category", related_name="posts", through="_CategoryToPost",
                                        forward_key="A", backward_key="B")

    class Meta:
        table = "Post"


class TortoiseORM:
    name = "Tortoise"
    kind = "orm"

    @classmethod
    async def open(cls, provider: str, target: str, pool: int):
        global _naive
        _naive = provider != "sqlite"
        if provider == "sqlite":
            conn = {"engine": "tortoise.backends.sqlite",
                    "credentials": {"file_path": target, **SQLITE_PRAGMAS}}
        else:
            conn = target.replace("postgresql://", "asyncpg://", 1) + f"?minsize={pool}&maxsize={pool}"
        # The connection is named after the provider: Tortoise caches each
        # model's INSERT per connection name, and a second init in the same
        # process (SQLite, then PostgreSQL) would reuse SQLite's `?` statement.
        await Tortoise.init(config={"connections": {provider: conn},
                                    "apps": {"models": {"models": [__name__], "default_connection": provider}},
                                    "use_tz": provider == "sqlite", "timezone": "UTC"})
        return cls()

    async def point(self, uid):
        return await User.get(id=uid)

    async def list(self, min_views):
        return await Post.filter(published=True, views__gte=min_views).order_by("-createdAt").limit(100)

    async def nested(self, uid):
        return await User.get(id=uid).prefetch_related("posts__categories")

    async def create(self, n):
        return await User.create(email=f"new{n}@bench.io", name=f"New {n}")

    async def update(self, uid):
        return await User.filter(id=uid).update(loginCount=F("loginCount") + 1)

    async def count(self, uid):
        return await Post.filter(author_id=uid).count()

    async def tx(self, uid, n):
        async with in_transaction():
            await Post.create(title=f"tx post {n}", author_id=uid)
            await User.filter(id=uid).update(loginCount=F("loginCount") + 1)

    async def close(self):
        await Tortoise.close_connections()
        await Tortoise._reset_apps()
