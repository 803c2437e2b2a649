"""SQLAlchemy 2 async ORM: AsyncSession per operation, selectinload for the
nested read, ORM models over the same tables. aiosqlite on SQLite (a queue
pool of SQLITE_POOL connections, the same PRAGMAs), asyncpg on PostgreSQL
(pool_size=--pool, no overflow). Also imported by bench/agents_app.py."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, ForeignKey, String, Table, event, func, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload
from sqlalchemy.types import TypeDecorator

from bench.core import SQLITE_PRAGMAS, iso, pg_dsn


class When(TypeDecorator):
    """Prisma's DateTime: timestamp(3) (UTC) on PostgreSQL; ISO 8601 text on
    SQLite, parsed to an aware datetime as our client does."""
    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(String() if dialect.name == "sqlite" else DateTime())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return iso(value)
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc)


def _now():
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


post_category = Table("_CategoryToPost", Base.metadata,
                      Column("A", ForeignKey("Category.id"), primary_key=True),
                      Column("B", ForeignKey("Post.id"), primary_key=True))


class User(Base):
    __tablename__ = "User"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    loginCount: Mapped[int] = mapped_column(default=0)
    createdAt: Mapped[datetime] = mapped_column(When, default=_now)
    posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")


class Post(Base):
    __tablename__ = "Post"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    published: Mapped[bool] = mapped_column(default=False)
    views: Mapped[int] = mapped_column(default=0)
    createdAt: Mapped[datetime] = mapped_column(When, default=_now)
    authorId: Mapped[int] = mapped_column(ForeignKey("User.id"))
    author: Mapped[User] = relationship(back_populates="posts")
    categories: Mapped[list["Category"]] = relationship(secondary=post_category, back_populates="posts")


class Category(Base):
    __tablename__ = "Category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    posts: Mapped[list[Post]] = relationship(secondary=post_category, back_populates="categories")


def make_engine(provider: str, url_or_path: str, pool: int):
    if provider == "sqlite":
        engine = create_async_engine(f"sqlite+aiosqlite:///{url_or_path}", pool_size=pool, max_overflow=0)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            for k, v in SQLITE_PRAGMAS.items():
                cur.execute(f"PRAGMA {k}={v}")
            cur.close()
        return engine
    return create_async_engine(pg_dsn(url_or_path).replace("postgres://", "postgresql+asyncpg://", 1),
                               pool_size=pool, max_overflow=0)


class SQLAlchemy:
    name = "SQLAlchemy"
    kind = "orm"

    def __init__(self, provider: str, url_or_path: str, pool: int):
        self.engine = make_engine(provider, url_or_path, pool)
        self.session = async_sessionmaker(self.engine, expire_on_commit=False)

    async def point(self, uid):
        async with self.session() as s:
            return await s.get(User, uid)

    async def list(self, min_views):
        async with self.session() as s:
            q = (select(Post).where(Post.published.is_(True), Post.views >= min_views)
                 .order_by(Post.createdAt.desc()).limit(100))
            return (await s.scalars(q)).all()

    async def nested(self, uid):
        async with self.session() as s:
            q = select(User).where(User.id == uid).options(selectinload(User.posts).selectinload(Post.categories))
            return (await s.scalars(q)).one_or_none()

    async def create(self, n):
        async with self.session() as s:
            u = User(email=f"new{n}@bench.io", name=f"New {n}")
            s.add(u)
            await s.commit()
            return u

    async def update(self, uid):
        async with self.session() as s:
            q = update(User).where(User.id == uid).values(loginCount=User.loginCount + 1).returning(User)
            u = (await s.scalars(q)).one()
            await s.commit()
            return u

    async def count(self, uid):
        async with self.session() as s:
            return await s.scalar(select(func.count()).select_from(Post).where(Post.authorId == uid))

    async def tx(self, uid, n):
        async with self.session() as s, s.begin():
            s.add(Post(title=f"tx post {n}", authorId=uid))
            await s.flush()
            await s.execute(update(User).where(User.id == uid).values(loginCount=User.loginCount + 1))

    async def close(self):
        await self.engine.dispose()
