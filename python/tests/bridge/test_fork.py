"""fork() after the parent queried: the parent's client refuses in the child
with EngineForkError, and what the error advises works — a new client in the
child, or the parent's client reconnected there — in os.fork() children, a
grandchild and a multiprocessing fork pool, on SQLite (and PostgreSQL when
CASPIAN_TEST_POSTGRES_URL is set). Each case runs in a fresh interpreter."""
import os
import textwrap
import urllib.parse
import uuid

import pytest

SCRIPT = textwrap.dedent(
    """
    import asyncio, multiprocessing as mp, os, sys, time
    sys.path.insert(0, ROOT)
    Prisma = __import__(PACKAGE).Prisma
    from caspian_prisma import _native
    from caspian_prisma.errors import EngineForkError

    def count(client):
        return asyncio.run(client.user.count())

    def create(client, email):
        async def go():
            await client.user.create(data={"email": email})
            return await client.user.count()
        return asyncio.run(go())

    parent = Prisma(url=URL, root=ROOT)
    print("parent", create(parent, "parent@x"), flush=True)

    def in_child(tag):
        # Runs in a forked child; returns the lines it reports.
        out = []
        try:
            count(parent)
            out.append("inherited: no error")
        except EngineForkError as exc:
            out.append("inherited: EngineForkError: " + str(exc))
        fresh = Prisma(url=URL, root=ROOT)
        out.append("fresh: %d" % create(fresh, tag + "@x"))
        asyncio.run(fresh.disconnect())
        # The advice's other half: reconnect the parent's client.
        asyncio.run(parent.disconnect())
        out.append("reconnected: %d" % count(parent))
        return out

    def fork(fn):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                lines = fn()
            except BaseException as exc:
                lines = ["child failed: %r" % (exc,)]
            os.write(w, ("\\n".join(lines) + "\\n").encode())
            os._exit(0)
        os.close(w)
        data = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            data += chunk
        os.close(r)
        _, status = os.waitpid(pid, 0)
        return data.decode().splitlines(), status

    for i in range(2):
        lines, status = fork(lambda: in_child("child%d" % i))
        print("child", i, "status", status)
        for line in lines:
            print("  ", line)

    # A child that uses the engine, then forks again: the grandchild needs a
    # copy neither ancestor mapped.
    def grandparent_child():
        mine = Prisma(url=URL, root=ROOT)
        out = ["child: %d" % create(mine, "middle@x")]
        lines, status = fork(lambda: in_child("grandchild"))
        out.append("grandchild status %d" % status)
        out += ["  " + l for l in lines]
        out.append("child again: %d" % count(mine))
        return out

    lines, status = fork(grandparent_child)
    print("middle status", status)
    for line in lines:
        print("  ", line)

    def pool_new_client(n):
        return create(Prisma(url=URL, root=ROOT), "pool%d@x" % n) > 0

    def pool_parent_client(n):
        try:
            count(parent)
            return "no error"
        except EngineForkError as exc:
            return "EngineForkError"

    ctx = mp.get_context("fork")
    with ctx.Pool(3) as pool:
        print("pool new clients", pool.map(pool_new_client, range(6), chunksize=1))
        print("pool parent client", sorted(set(pool.map(pool_parent_client, range(3), chunksize=1))))
    print("parent after", count(parent))
    """
)


def _fresh_pg_url():
    base = os.environ.get("CASPIAN_TEST_POSTGRES_URL")
    if not base:
        return None
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/cp_fork_" + uuid.uuid4().hex[:8]))


@pytest.mark.parametrize("provider", ["sqlite", "postgresql"])
def test_fork_children_use_new_clients(provider, make_client, run_python):
    if provider == "sqlite":
        url = "file:./dev.db"
    else:
        url = _fresh_pg_url()
        if url is None:
            pytest.skip("CASPIAN_TEST_POSTGRES_URL is not set")
    root, package = make_client(provider, url)
    code = f"ROOT = {root!r}\nPACKAGE = {package!r}\nURL = {url!r}\n" + SCRIPT
    out = run_python(code, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = [l.strip() for l in out.stdout.splitlines()]
    text = "\n".join(lines)
    assert lines[0] == "parent 1", text
    advice = "Create a new client in the child, or reconnect this one"
    inherited = [l for l in lines if l.startswith("inherited:")]
    assert len(inherited) == 3, text  # two children and the grandchild
    for l in inherited:
        assert l.startswith("inherited: EngineForkError: this client's engine was started in the parent process (pid "), text
        assert advice in l, text
    assert [l.split()[0] for l in lines if l.startswith(("fresh:", "reconnected:"))] == ["fresh:", "reconnected:"] * 3, text
    assert "child 0 status 0" in lines and "child 1 status 0" in lines and "middle status 0" in lines, text
    assert "grandchild status 0" in lines and "child again: 5" in lines, text
    assert "child failed" not in text, text
    assert "pool new clients [True, True, True, True, True, True]" in lines, text
    assert "pool parent client ['EngineForkError']" in lines, text
    # parent, child0, child1, middle, grandchild, six pool workers.
    assert lines[-1] == "parent after 11", text


COST = textwrap.dedent(
    """
    import asyncio, os, time
    from caspian_prisma import _native
    from caspian_prisma._bridge import Engine

    def mem():
        out = {}
        with open("/proc/self/smaps_rollup") as f:
            for line in f:
                p = line.split()
                if p[0] in ("Rss:", "Pss:"):
                    out[p[0][:-1]] = int(p[1])
        return out

    def first_ping():
        t0, m0 = time.perf_counter(), mem()
        assert asyncio.run(Engine({}).request("engine.ping")) == "pong"
        m1 = mem()
        return "%.1f ms RSS +%d kB PSS +%d kB" % ((time.perf_counter() - t0) * 1000, m1["Rss"] - m0["Rss"], m1["Pss"] - m0["Pss"])

    print("parent first load", first_ping())
    for i in range(4):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            line = "child %d private copy %s %s" % (i, first_ping(), os.path.basename(_native.current().path))
            os.write(w, line.encode())
            os._exit(0)
        os.close(w)
        print(os.read(r, 4096).decode())
        os.close(r)
        os.waitpid(pid, 0)
    """
)


def test_fork_cost(run_python):
    """Measures what a child pays to load its private copy (printed with -s;
    the figures are in _native's docstring and the README)."""
    out = run_python(COST, timeout=120)
    assert out.returncode == 0, out.stderr
    print(out.stdout)
    lines = out.stdout.splitlines()
    assert len(lines) == 5 and all(" ms " in l for l in lines), out.stdout
    for l in lines[1:]:
        ms = float(l.split(" ms ")[0].split()[-1])
        assert ms < 5000, l


MEMFD = textwrap.dedent(
    """
    import asyncio, os
    from caspian_prisma import _native
    from caspian_prisma._bridge import Engine

    assert asyncio.run(Engine({}).request("engine.ping")) == "pong"
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        msg = asyncio.run(Engine({}).request("engine.ping")) + " " + _native.current().path
        os.write(w, msg.encode())
        os._exit(0)
    os.close(w)
    print(os.read(r, 4096).decode())
    os.waitpid(pid, 0)
    """
)


def test_fork_without_a_usable_temp_dir_uses_a_memfd(run_python, monkeypatch, tmp_path):
    # The private directory's name is taken by a file: no copy can go there.
    (tmp_path / f"caspian_prisma-{os.getuid()}").write_text("not a directory")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    out = run_python(MEMFD, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("pong memfd:libcaspian_prisma-"), out.stdout
