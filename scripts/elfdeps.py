"""What a shared library needs from the system: its machine, DT_NEEDED
libraries, and each versioned symbol it imports (GLIBC_2.34 pthread_create).

The wheel backend reads this to choose the wheel's platform tag
(manylinux_2_17_x86_64, manylinux_2_17_aarch64) and to refuse a library that
needs a newer glibc than the tag promises.

Written here, about a hundred lines, rather than using pyelftools: the backend
declares no build requirements (`requires = []` in pyproject.toml), so `pip
wheel .` works offline; auditwheel (which uses pyelftools) checks the same
facts in the tests (python/tests/test_wheel.py), so the two cannot drift
silently. Only what the tag needs is read: 64-bit little-endian ELF, the two
machines the wheels are built for.

    python scripts/elfdeps.py LIB.so     prints machine, needed, versions
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

MACHINES = {62: "x86_64", 183: "aarch64"}  # e_machine: EM_X86_64, EM_AARCH64

SHT_DYNSYM = 11
SHT_DYNAMIC = 6
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
DT_NEEDED = 1


@dataclass
class Deps:
    machine: str
    needed: list[str]
    # version name ("GLIBC_2.14") -> imported symbols bound to it
    versions: dict[str, list[str]] = field(default_factory=dict)

    def glibc(self) -> tuple[int, int]:
        """The newest GLIBC_x.y the library imports; (0, 0) when none."""
        best = (0, 0)
        for name in self.versions:
            m = re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", name)
            if m:
                best = max(best, (int(m.group(1)), int(m.group(2))))
        return best

    def newer_than(self, floor: tuple[int, int]) -> dict[str, list[str]]:
        """The GLIBC versions above floor with their symbols."""
        out = {}
        for name, syms in self.versions.items():
            m = re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", name)
            if m and (int(m.group(1)), int(m.group(2))) > floor:
                out[name] = sorted(syms)
        return out


def _cstr(data: bytes, off: int) -> str:
    return data[off:data.index(b"\0", off)].decode()


def read(path: str) -> Deps:
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise ValueError(f"{path}: not an ELF file")
    if data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: only 64-bit little-endian ELF is read")
    e_machine = struct.unpack_from("<H", data, 18)[0]
    if e_machine not in MACHINES:
        raise ValueError(f"{path}: machine {e_machine} is not one the wheels are built for")
    e_shoff, = struct.unpack_from("<Q", data, 40)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 58)
    # (type, offset, size, link, entsize) per section
    sections = []
    for i in range(e_shnum):
        _, sh_type, _, _, off, size, link, _, _, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
        sections.append((sh_type, off, size, link, entsize))

    def strtab(index: int) -> int:
        return sections[index][1]

    deps = Deps(MACHINES[e_machine], [])
    ver_names: dict[int, str] = {}  # version index -> name
    for sh_type, off, size, link, entsize in sections:
        if sh_type == SHT_DYNAMIC:
            for pos in range(off, off + size, 16):
                tag, val = struct.unpack_from("<qQ", data, pos)
                if tag == DT_NEEDED:
                    deps.needed.append(_cstr(data, strtab(link) + val))
        elif sh_type == SHT_GNU_VERNEED:
            pos = off
            while True:
                _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, pos)
                apos = pos + aux
                for _ in range(cnt):
                    _, _, other, name, anext = struct.unpack_from("<IHHII", data, apos)
                    ver_names[other] = _cstr(data, strtab(link) + name)
                    apos += anext
                if not nxt:
                    break
                pos += nxt
    versym = next((s for s in sections if s[0] == SHT_GNU_VERSYM), None)
    dynsym = next((s for s in sections if s[0] == SHT_DYNSYM), None)
    if versym and dynsym:
        for i in range(dynsym[2] // dynsym[4]):
            name, _, _, shndx, _, _ = struct.unpack_from("<IBBHQQ", data, dynsym[1] + i * dynsym[4])
            ver, = struct.unpack_from("<H", data, versym[1] + 2 * i)
            ver &= 0x7FFF
            if shndx == 0 and ver in ver_names:  # undefined: imported
                deps.versions.setdefault(ver_names[ver], []).append(_cstr(data, strtab(dynsym[3]) + name))
    for name in ver_names.values():
        deps.versions.setdefault(name, [])
    return deps


if __name__ == "__main__":
    import sys

    for p in sys.argv[1:]:
        d = read(p)
        print(f"{p}: {d.machine}, needs {', '.join(d.needed)}")
        for v in sorted(d.versions, key=lambda n: [int(x) if x.isdigit() else 0 for x in re.split(r"[_.]", n)]):
            print(f"  {v}: {' '.join(sorted(d.versions[v]))}")
