"""Run by scripts/arm64-smoke.sh under qemu-aarch64-static, from a project
where `ppy db push` and `ppy generate` ran: proves that this interpreter is
an aarch64 one, that caspian_prisma comes from the aarch64 wheel's install
(not the source tree), that its library is an aarch64 ELF, and that the
generated client writes and reads a SQLite database through it."""
import asyncio
import os
import platform
import sys


def main() -> None:
    assert platform.machine() == "aarch64", f"not an aarch64 Python: {platform.machine()}"
    import caspian_prisma
    import caspian_prisma._native as native

    site = os.environ["CASPIAN_ARM64_SITE"]
    assert caspian_prisma.__file__.startswith(site), f"caspian_prisma from {caspian_prisma.__file__}, not {site}"
    lib = os.path.join(os.path.dirname(caspian_prisma.__file__), "_lib", "libcaspian_prisma.so")
    with open(lib, "rb") as f:
        head = f.read(20)
    assert head[:4] == b"\x7fELF" and int.from_bytes(head[18:20], "little") == 183, f"{lib} is not aarch64"

    sys.path.insert(0, os.getcwd())
    from src.lib.prisma.db import prisma

    async def run() -> None:
        user = await prisma.user.create(data={"email": "arm@example.com", "name": "Arm"})
        await prisma.post.create(data={"title": "from aarch64", "published": True, "authorId": user.id})
        found = await prisma.user.find_unique(where={"email": "arm@example.com"}, include={"posts": True})
        assert found is not None and found.name == "Arm", found
        assert [p.title for p in found.posts] == ["from aarch64"], found.posts
        assert await prisma.post.count(where={"published": True}) == 1
        assert native.is_loaded(), "the query did not go through the library"
        await prisma.disconnect()
        import msgpack

        print(f"arm64 smoke: ok (Python {platform.python_version()} {platform.machine()}, "
              f"msgpack {msgpack.version} {msgpack.Packer.__module__}, "
              f"user {found.id} with {len(found.posts)} post read back from SQLite)")

    asyncio.run(run())


if __name__ == "__main__":
    main()
