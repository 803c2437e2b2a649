"""Hostile buffers through ctypes, in a child process: a header that declares
billions of elements once made the Go decoder allocate them and killed the
host (Go's fatal "out of memory" cannot be recovered). The child feeds such
5-byte headers and a few thousand random and bit-flipped envelopes,
built from the valid abi/testdata fixtures, to cp_submit, cp_open, cp_call and
cp_cli, checks each status, and must exit normally with a modest peak RSS."""
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

CHILD = textwrap.dedent(
    """
    import ctypes, os, random, shutil, sys, tempfile, time
    import msgpack
    from caspian_prisma import _native

    ROUNDS, SEED, FIXTURES = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(SEED)
    lib = _native.load()
    tmp = tempfile.mkdtemp(prefix="cp-hostile-")
    os.chdir(tmp)

    def fixture(name):
        with open(os.path.join(FIXTURES, name + ".msgpack"), "rb") as f:
            return f.read()

    pack = lambda v: msgpack.packb(v, use_bin_type=True)
    valid = {
        "submit": [
            fixture("request"),
            pack({"method": "engine.ping", "params": {}}),
            pack({"method": "query.raw", "params": {"sql": "SELECT ? AS x", "args": [1, "a", b"b", 1.5, None], "kind": "query"}}),
            pack({"method": "batch.execute", "params": {"ops": [{"model": "User", "action": "findMany", "args": {"take": 2}}]}}),
        ],
        "call": [fixture("request_config_resolve"), pack({"method": "config.resolve", "params": {"cwd": tmp, "env": {}}})],
        "open": [pack({"schema": "", "url": "file:./hostile.db", "root": tmp, "log_queries": True, "max_in_flight": 64})],
        # Harmless commands only, in a scratch directory without a schema.
        "cli": [pack({"args": ["--version"], "env": {}, "cwd": tmp}), pack({"args": ["validate"], "env": {}, "cwd": tmp})],
    }
    # Every fixture (values and replies too) is an envelope some export may see.
    others = [fixture(f[:-8]) for f in sorted(os.listdir(FIXTURES)) if f.endswith(".msgpack")]
    HOSTILE = [b"\\xdd\\xff\\xff\\xff\\xff", b"\\xdf\\xff\\xff\\xff\\xff", b"\\xdb\\xff\\xff\\xff\\xff",
               b"\\xc6\\xff\\xff\\xff\\xff", b"\\xc9\\xff\\xff\\xff\\xff\\x01", b"\\xdc\\xff\\xff", b"\\xde\\xff\\xff"]
    HEADERS = [b"\\xdd", b"\\xdf", b"\\xdb", b"\\xc6", b"\\xc9", b"\\xdc", b"\\xde", b"\\xda", b"\\xc5"]

    def mutate(b):
        b = bytearray(b)
        kind = rng.randrange(7)
        if kind == 0 or not b:  # random bytes
            return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
        if kind == 1:  # flip a few bits
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
        elif kind == 2:  # a byte set to an extreme
            b[rng.randrange(len(b))] = rng.choice((0x00, 0x7f, 0x80, 0xff, rng.randrange(256)))
        elif kind == 3:  # truncated
            del b[rng.randrange(len(b)):]
        elif kind == 4:  # a length-declaring header with a huge length spliced in
            i = rng.randrange(len(b))
            b[i:i] = rng.choice(HEADERS) + b"\\xff" * rng.randint(1, 4)
        elif kind == 5:  # a length field of the envelope set to its maximum
            i = rng.randrange(len(b))
            b[i:i + 4] = b"\\xff\\xff\\xff\\xff"
        else:  # random bytes inserted
            i = rng.randrange(len(b))
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        return bytes(b)

    def inputs(kind):
        yield from HOSTILE
        for _ in range(ROUNDS):
            yield mutate(rng.choice(valid[kind] + others[:2]))

    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    u64, i32 = ctypes.c_uint64(), ctypes.c_int32()
    counts = {}

    assert lib.cp_open(valid["open"][0], len(valid["open"][0]), ctypes.byref(u64), ctypes.byref(out), ctypes.byref(n)) == 0
    engine = u64.value
    assert lib.cp_channel_open(ctypes.byref(u64), ctypes.byref(i32)) == 0
    channel = u64.value

    def drain():
        assert lib.cp_poll(channel, ctypes.byref(out), ctypes.byref(n)) == 0
        if out.value:
            batch = msgpack.unpackb(ctypes.string_at(out, n.value), raw=False, unicode_errors="replace")
            lib.cp_free(out)
            for _, reply in batch:
                r = msgpack.unpackb(reply, raw=False, strict_map_key=False, unicode_errors="replace")
                assert "ok" in r or not r["error"]["meta"].get("is_panic"), r

    rid = 0
    for b in inputs("submit"):
        rid += 1
        rc = lib.cp_submit(engine, channel, rid, b, len(b))
        assert rc in (_native.OK, _native.BAD_REQUEST, _native.BUSY), (rc, b)
        counts["submit", rc] = counts.get(("submit", rc), 0) + 1
        if rid % 64 == 0:
            drain()
    for b in inputs("call"):
        rc = lib.cp_call(b, len(b), ctypes.byref(out), ctypes.byref(n))
        assert rc in (_native.OK, _native.BAD_REQUEST), (rc, b)
        if rc == _native.OK:
            r = msgpack.unpackb(ctypes.string_at(out, n.value), raw=False, strict_map_key=False, unicode_errors="replace")
            lib.cp_free(out)
            assert "ok" in r or not r["error"]["meta"].get("is_panic"), r
        counts["call", rc] = counts.get(("call", rc), 0) + 1
    for b in inputs("open"):
        out.value = None
        rc = lib.cp_open(b, len(b), ctypes.byref(u64), ctypes.byref(out), ctypes.byref(n))
        assert rc in (_native.OK, _native.OPEN_FAILED), (rc, b)
        if rc == _native.OK:
            lib.cp_close(u64.value)
        elif out.value:
            msgpack.unpackb(ctypes.string_at(out, n.value), raw=False, strict_map_key=False, unicode_errors="replace")
            lib.cp_free(out)
        counts["open", rc] = counts.get(("open", rc), 0) + 1
    for b in inputs("cli"):
        rc = lib.cp_cli(b, len(b))
        assert rc != 70, ("the CLI recovered a panic", b)  # EX_SOFTWARE
        counts["cli", rc] = counts.get(("cli", rc), 0) + 1

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the last replies, checked as well
        drain()
        time.sleep(0.01)
        if not out.value:
            break
    lib.cp_close(engine)
    lib.cp_channel_close(channel)
    with open("/proc/self/status") as f:
        peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    os.chdir("/")
    shutil.rmtree(tmp, ignore_errors=True)
    print("counts", sorted(counts.items()))
    print("total", sum(counts.values()))
    print("peak_rss_kib", peak)
    """
)


def test_hostile_and_mutated_envelopes_leave_the_process_alive(tmp_path):
    import caspian_prisma

    # A fresh interpreter importing this same caspian_prisma (as run_python
    # does), with bytes output: the engine echoes invalid UTF-8 to stderr.
    pkg_dir = os.path.abspath(list(caspian_prisma.__path__)[0])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(pkg_dir)] + [p for p in sys.path if p]))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rounds, seed = 2000, int.from_bytes(os.urandom(4), "big")
    fixtures = os.path.join(ROOT, "abi", "testdata")
    proc = subprocess.run(
        [sys.executable, str(script), str(rounds), str(seed), fixtures], capture_output=True, timeout=120, env=env
    )
    out, err = proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    assert proc.returncode == 0, f"seed {seed}: exit {proc.returncode}\n{out[-2000:]}\n{err[-4000:]}"
    peak = int(out.split("peak_rss_kib")[1].split()[0])
    assert peak < 1 << 20, f"seed {seed}: peak RSS {peak} KiB"  # 1 GiB; the hostile headers once took 17 GB
    assert int(out.split("total")[1].split()[0]) == 4 * (rounds + 7), out[-2000:]  # + the 7 hostile buffers
    assert "('submit', 4)" in out and "('open', 5)" in out, out[-2000:]
