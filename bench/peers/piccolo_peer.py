"""Piccolo ORM over the same tables. PostgreSQL: PostgresEngine with a
connection pool of --pool (asyncpg). SQLite: SQLiteEngine, which has no pool
and opens a new connection for every query (Piccolo's design), so the
per-connection PRAGMAs (synchronous=NORMAL, busy_timeout) cannot be set as for
the others; WAL is a property of the file and holds. Piccolo has no reverse-FK
prefetch: the nested read is the user, then its posts with the M2M
categories as a sub-select (Piccolo's idiom), two queries."""
from __future__ import annotations

from datetime import datetime, timezone

from piccolo.columns import M2M, Boolean, ForeignKey, Integer, LazyTableReference, Serial, Timestamp, Varchar
from piccolo.table import Table

from bench.core import pg_dsn


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class User(Table, tablename="User"):
    id = Serial(primary_key=True)
    email = Varchar(unique=True)
    name = Varchar()
    loginCount = Integer(default=0)
    createdAt = Timestamp(default=_now)


class Category(Table, tablename="Category"):
    id = Serial(primary_key=True)
    name = Varchar(unique=True)
    posts = M2M(LazyTableReference("CategoryToPost", module_path=__name__))


class Post(Table, tablename="Post"):
    id = Serial(primary_key=True)
    title = Varchar()
    published = Boolean(default=False)
    views = Integer(default=0)
    createdAt = Timestamp(default=_now)
    authorId = ForeignKey(User)
    categories = M2M(LazyTableReference("CategoryToPost", module_path=__name__))


class CategoryToPost(Table, tablename="_CategoryToPost"):
    A = ForeignKey(Category)
    B = ForeignKey(Post)


TABLES = (User, Category, Post, CategoryToPost)


class PiccoloORM:
    name = "Piccolo"
    kind = "orm"

    def __init__(self, engine, provider):
        self.engine = engine
        self.provider = provider
        for t in TABLES:
            t._meta.db = engine

    @classmethod
    async def open(cls, provider: str, target: str, pool: int):
        if provider == "sqlite":
            from piccolo.engine.sqlite import SQLiteEngine
            # With a connection per query, 64 tasks each waiting in BEGIN
            # IMMEDIATE are not served in order: on a loaded machine one
            # waited past 5 s ("database is locked") and the row failed.
            # The timeout only says when a waiter gives up, not how fast any
            # transaction runs, so a longer one changes no measurement.
            return cls(SQLiteEngine(path=target, timeout=30.0), provider)
        from piccolo.engine.postgres import PostgresEngine
        engine = PostgresEngine(config={"dsn": pg_dsn(target)}, extensions=())
        await engine.start_connection_pool(min_size=pool, max_size=pool)
        return cls(engine, provider)

    async def point(self, uid):
        return await User.objects().where(User.id == uid).first()

    async def list(self, min_views):
        return await (Post.objects().where((Post.published == True) & (Post.views >= min_views))  # noqa: E712
                      .order_by(Post.createdAt, ascending=False).limit(100))

    async def nested(self, uid):
        user = await User.objects().where(User.id == uid).first()
        posts = await (Post.select(*Post.all_columns(),
                                   Post.categories(Category.id, Category.name, as_list=False))
                       .where(Post.authorId == uid).order_by(Post.id))
        return user, posts

    async def create(self, n):
        u = User(email=f"new{n}@bench.io", name=f"New {n}")
        await u.save()
        return u

    async def update(self, uid):
        return await User.update({User.loginCount: User.loginCount + 1}).where(User.id == uid).returning(*User.all_columns())

    async def count(self, uid):
        return await Post.count().where(Post.authorId == uid)

    async def tx(self, uid, n):
        kw = {}
        if self.provider == "sqlite":
            from piccolo.engine.sqlite import TransactionType
            kw = {"transaction_type": TransactionType.immediate}
        async with self.engine.transaction(**kw):
            await Post(title=f"tx post {n}", authorId=uid).save()
            await User.update({User.loginCount: User.loginCount + 1}).where(User.id == uid)

    async def close(self):
        if self.provider != "sqlite":
            await self.engine.close_connection_pool()
