"""The raw drivers: aiosqlite (a pool of SQLITE_POOL connections), asyncpg (a
pool of --pool connections) and the synchronous sqlite3 module (sequential
SQLite floor). Hand-written SQL, rows as tuples/Records; the nested read is
one hand-written JOIN (user, its posts, their categories) with no assembly."""
from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

from bench.core import SQLITE_PRAGMAS, iso

USER_COLS = 'id, email, name, "loginCount", "createdAt"'
POST_COLS = 'id, title, published, views, "createdAt", "authorId"'
NESTED = ('SELECT u.id, u.email, u.name, u."loginCount", u."createdAt", p.id, p.title, p.published, p.views, '
          'p."createdAt", p."authorId", c.id, c.name FROM "User" u '
          'LEFT JOIN "Post" p ON p."authorId" = u.id LEFT JOIN "_CategoryToPost" cp ON cp."B" = p.id '
          'LEFT JOIN "Category" c ON c.id = cp."A" WHERE u.id = {0} ORDER BY p.id')


def _now() -> str:
    return iso(datetime.now(timezone.utc))


def _pragmas(conn) -> None:
    for k, v in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {k}={v}")


class AioSqlite:
    name = "aiosqlite"
    kind = "raw"

    def __init__(self, conns):
        self.q: asyncio.Queue = asyncio.Queue()
        for c in conns:
            self.q.put_nowait(c)
        self.conns = conns

    @classmethod
    async def open(cls, path: str, size: int):
        import aiosqlite
        conns = []
        for _ in range(size):
            # isolation_level=None: autocommit, with explicit BEGIN for the transaction.
            c = await aiosqlite.connect(path, isolation_level=None)
            for k, v in SQLITE_PRAGMAS.items():
                await c.execute(f"PRAGMA {k}={v}")
            conns.append(c)
        return cls(conns)

    async def _one(self, sql, args):
        c = await self.q.get()
        try:
            async with c.execute(sql, args) as cur:
                return await cur.fetchone()
        finally:
            self.q.put_nowait(c)

    async def _all(self, sql, args):
        c = await self.q.get()
        try:
            async with c.execute(sql, args) as cur:
                return await cur.fetchall()
        finally:
            self.q.put_nowait(c)

    async def point(self, uid):
        return await self._one(f'SELECT {USER_COLS} FROM "User" WHERE id = ?', (uid,))

    async def list(self, min_views):
        return await self._all(f'SELECT {POST_COLS} FROM "Post" WHERE published = 1 AND views >= ? '
                               'ORDER BY "createdAt" DESC LIMIT 100', (min_views,))

    async def nested(self, uid):
        return await self._all(NESTED.format("?"), (uid,))

    async def create(self, n):
        return await self._one(f'INSERT INTO "User" (email, name, "loginCount", "createdAt") VALUES (?, ?, 0, ?) '
                               f'RETURNING {USER_COLS}', (f"new{n}@bench.io", f"New {n}", _now()))

    async def update(self, uid):
        return await self._one(f'UPDATE "User" SET "loginCount" = "loginCount" + 1 WHERE id = ? '
                               f'RETURNING {USER_COLS}', (uid,))

    async def count(self, uid):
        return (await self._one('SELECT count(*) FROM "Post" WHERE "authorId" = ?', (uid,)))[0]

    async def tx(self, uid, n):
        c = await self.q.get()
        try:
            await c.execute("BEGIN IMMEDIATE")
            try:
                await c.execute('INSERT INTO "Post" (title, published, views, "createdAt", "authorId") '
                                'VALUES (?, 0, 0, ?, ?)', (f"tx post {n}", _now(), uid))
                await c.execute('UPDATE "User" SET "loginCount" = "loginCount" + 1 WHERE id = ?', (uid,))
            except BaseException:
                await c.execute("ROLLBACK")
                raise
            await c.execute("COMMIT")
        finally:
            self.q.put_nowait(c)

    async def close(self):
        for c in self.conns:
            await c.close()


class SyncSqlite3:
    """The floor for sequential SQLite point lookups: the stdlib module, no
    event loop hop. Only `point` is measured, at concurrency 1."""
    name = "sqlite3 (sync)"
    kind = "raw"
    sequential_only = True

    def __init__(self, path: str):
        self.c = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _pragmas(self.c)

    async def point(self, uid):
        return self.c.execute(f'SELECT {USER_COLS} FROM "User" WHERE id = ?', (uid,)).fetchone()

    async def close(self):
        self.c.close()


class AsyncPG:
    name = "asyncpg"
    kind = "raw"

    def __init__(self, pool):
        self.pool = pool

    @classmethod
    async def open(cls, dsn: str, size: int):
        import asyncpg
        return cls(await asyncpg.create_pool(dsn, min_size=size, max_size=size))

    async def point(self, uid):
        return await self.pool.fetchrow(f'SELECT {USER_COLS} FROM "User" WHERE id = $1', uid)

    async def list(self, min_views):
        return await self.pool.fetch(f'SELECT {POST_COLS} FROM "Post" WHERE published AND views >= $1 '
                                     'ORDER BY "createdAt" DESC LIMIT 100', min_views)

    async def nested(self, uid):
        return await self.pool.fetch(NESTED.format("$1"), uid)

    async def create(self, n):
        return await self.pool.fetchrow('INSERT INTO "User" (email, name, "loginCount", "createdAt") '
                                        f'VALUES ($1, $2, 0, now()) RETURNING {USER_COLS}',
                                        f"new{n}@bench.io", f"New {n}")

    async def update(self, uid):
        return await self.pool.fetchrow(f'UPDATE "User" SET "loginCount" = "loginCount" + 1 WHERE id = $1 '
                                        f'RETURNING {USER_COLS}', uid)

    async def count(self, uid):
        return await self.pool.fetchval('SELECT count(*) FROM "Post" WHERE "authorId" = $1', uid)

    async def tx(self, uid, n):
        async with self.pool.acquire() as c:
            async with c.transaction():
                await c.execute('INSERT INTO "Post" (title, published, views, "createdAt", "authorId") '
                                'VALUES ($1, false, 0, now(), $2)', f"tx post {n}", uid)
                await c.execute('UPDATE "User" SET "loginCount" = "loginCount" + 1 WHERE id = $1', uid)

    async def close(self):
        await self.pool.close()
