"""Our full path: the generated client (`from src.lib.prisma.db import
prisma`), model objects back, as an app would write it."""
from __future__ import annotations


class Ours:
    name = "caspian-prisma"
    kind = "ours"

    def __init__(self, prisma):
        self.p = prisma

    async def point(self, uid):
        return await self.p.user.find_unique(where={"id": uid})

    async def list(self, min_views):
        return await self.p.post.find_many(where={"published": True, "views": {"gte": min_views}},
                                           order_by={"createdAt": "desc"}, take=100)

    async def nested(self, uid):
        return await self.p.user.find_unique(where={"id": uid},
                                             include={"posts": {"include": {"categories": True}}})

    async def create(self, n):
        return await self.p.user.create(data={"email": f"new{n}@bench.io", "name": f"New {n}"})

    async def update(self, uid):
        return await self.p.user.update(where={"id": uid}, data={"loginCount": {"increment": 1}})

    async def count(self, uid):
        return await self.p.post.count(where={"authorId": uid})

    async def tx(self, uid, n):
        async with self.p.tx() as tx:
            await tx.post.create(data={"title": f"tx post {n}", "authorId": uid})
            await tx.user.update(where={"id": uid}, data={"loginCount": {"increment": 1}})

    async def close(self):
        await self.p.disconnect()


class OursJoin:
    """Ours again with relation_load_strategy='join' (one statement, related
    rows as JSON), measured as a peer of ours on the nested read only: its
    row's ratio is the 'query' strategy (the default) ÷ 'join'. It shares
    ours' client and data, so ours closes it."""
    name = "ours (join)"
    kind = "ours"

    def __init__(self, prisma):
        self.p = prisma

    async def nested(self, uid):
        return await self.p.user.find_unique(where={"id": uid}, relation_load_strategy="join",
                                             include={"posts": {"include": {"categories": True}}})

    async def close(self):
        pass
