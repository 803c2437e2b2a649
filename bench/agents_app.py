"""The ASGI app the RPC agents call (Starlette), one stack per server process.

    GET  /users/{id}        a user with its posts
    GET  /posts?min_views=N published posts with views >= N, newest first, 20
    POST /users/{id}/posts  {"title": ...}: a transaction creating a post and
                            incrementing the user's loginCount
    GET  /health

BENCH_STACK picks the data layer: `ours` (the generated client, imported from
BENCH_PROJECT as the page does; DATABASE_URL names the database) or
`sqlalchemy` (bench.peers.sqla's models, BENCH_PROVIDER + BENCH_TARGET,
BENCH_POOL connections). Both answer the same JSON: datetimes as ISO 8601
with milliseconds and Z, as the client's to_dict() writes them.
"""
from __future__ import annotations

import contextlib
import os
import sys
from datetime import timezone

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

STACK = os.environ.get("BENCH_STACK", "ours")


def _when(v) -> str:
    s = v.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return s[:-6] + "Z" if s.endswith("+00:00") else s


class OursApi:
    def __init__(self):
        sys.path.insert(0, os.environ["BENCH_PROJECT"])
        from src.lib.prisma.db import prisma
        self.p = prisma

    async def user(self, uid: int):
        u = await self.p.user.find_unique(where={"id": uid}, include={"posts": True})
        return None if u is None else u.to_dict()

    async def posts(self, min_views: int):
        rows = await self.p.post.find_many(where={"published": True, "views": {"gte": min_views}},
                                           order_by={"createdAt": "desc"}, take=20)
        return [r.to_dict() for r in rows]

    async def write(self, uid: int, title: str):
        async with self.p.tx() as tx:
            post = await tx.post.create(data={"title": title, "authorId": uid})
            await tx.user.update(where={"id": uid}, data={"loginCount": {"increment": 1}})
        return post.to_dict()

    async def close(self):
        await self.p.disconnect()


def _post(p) -> dict:
    return {"id": p.id, "title": p.title, "published": p.published, "views": p.views,
            "createdAt": _when(p.createdAt), "authorId": p.authorId}


class SqlaApi:
    def __init__(self):
        from bench.peers import sqla
        self.m = sqla
        self.engine = sqla.make_engine(os.environ["BENCH_PROVIDER"], os.environ["BENCH_TARGET"],
                                       int(os.environ.get("BENCH_POOL", "10")))
        self.session = sqla.async_sessionmaker(self.engine, expire_on_commit=False)

    async def user(self, uid: int):
        m = self.m
        async with self.session() as s:
            u = (await s.scalars(m.select(m.User).where(m.User.id == uid)
                                 .options(m.selectinload(m.User.posts)))).one_or_none()
            if u is None:
                return None
            return {"id": u.id, "email": u.email, "name": u.name, "loginCount": u.loginCount,
                    "createdAt": _when(u.createdAt), "posts": [_post(p) for p in u.posts]}

    async def posts(self, min_views: int):
        m = self.m
        async with self.session() as s:
            q = (m.select(m.Post).where(m.Post.published.is_(True), m.Post.views >= min_views)
                 .order_by(m.Post.createdAt.desc()).limit(20))
            return [_post(p) for p in (await s.scalars(q)).all()]

    async def write(self, uid: int, title: str):
        m = self.m
        async with self.session() as s, s.begin():
            post = m.Post(title=title, authorId=uid)
            s.add(post)
            await s.flush()
            await s.execute(m.update(m.User).where(m.User.id == uid).values(loginCount=m.User.loginCount + 1))
        return _post(post)

    async def close(self):
        await self.engine.dispose()


api = OursApi() if STACK == "ours" else SqlaApi()


async def get_user(request):
    got = await api.user(int(request.path_params["id"]))
    return JSONResponse(got, status_code=200 if got is not None else 404)


async def list_posts(request):
    return JSONResponse(await api.posts(int(request.query_params.get("min_views", "0"))))


async def write(request):
    body = await request.json()
    return JSONResponse(await api.write(int(request.path_params["id"]), str(body["title"])), status_code=201)


async def health(_request):
    return JSONResponse({"stack": STACK})


@contextlib.asynccontextmanager
async def lifespan(_app):
    yield
    await api.close()


app = Starlette(routes=[
    Route("/users/{id:int}", get_user),
    Route("/posts", list_posts),
    Route("/users/{id:int}/posts", write, methods=["POST"]),
    Route("/health", health),
], lifespan=lifespan)
