"""The printed table: one line per workload/provider/concurrency/peer with
ops/s for both sides and the ratio ours ÷ peer; then the extras and the
agents."""
from __future__ import annotations


def fmt_ops(v) -> str:
    return "—" if v is None else f"{v:,.0f}"


def row_line(r: dict) -> str:
    ratio = "—" if r.get("ratio") is None else f"{r['ratio']:.2f}×"
    line = (f"{r['provider']:<10} {r['workload']:<42} c={r['concurrency']:<3} {r['peer']:<15} "
            f"{fmt_ops(r['ours_ops']):>9} {fmt_ops(r['peer_ops']):>9} {ratio:>7}")
    if r.get("error"):
        line += f"  ! {r['error']}"
    return line


def header() -> str:
    return (f"{'provider':<10} {'workload':<42} {'conc':<5} {'peer':<15} "
            f"{'ours/s':>9} {'peer/s':>9} {'ratio':>7}")


def print_table(data: dict) -> None:
    print()
    print("ops/s, ours ÷ peer (higher is better for us)")
    print(header())
    print("-" * len(header()))
    for r in data["rows"]:
        print(row_line(r))
    if data.get("extras"):
        print()
        print("extras")
        for e in data["extras"]:
            print(f"  {e['provider']:<10} {e['stack']:<15} {e['name']:<28} {e['summary']}")
    if data.get("agents"):
        print()
        print(f"{'RPC agents':<10} {'stack':<15} {'agents':>6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for a in data["agents"]:
            print(f"  {a['provider']:<10} {a['stack']:<15} {a['agents']:>6} {fmt_ops(a.get('rps')):>9} "
                  f"{a.get('p50_ms', 0):>8.2f} {a.get('p99_ms', 0):>8.2f} {a.get('errors', 0):>6}"
                  + (f"  ! {a['error']}" if a.get("error") else ""))
    if data.get("wasm"):
        from bench.wasm_engine import print_rows
        print_rows(data["wasm"])
    for note in data.get("notes", []):
        print(f"note: {note}")
