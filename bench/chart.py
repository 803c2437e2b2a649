"""The PNG chart of the ratios ours ÷ peer (ops/s), one panel per provider,
a bar per workload × concurrency × peer on a log scale, with the 1.0 line;
and the RPC-agent ratios (req/s, ours ÷ SQLAlchemy) as a last panel."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display: the bench runs headless

import matplotlib.pyplot as plt  # noqa: E402

from bench.workloads import WORKLOADS  # noqa: E402

SHORT = {label: key for key, label in WORKLOADS}
PEER_COLORS = {"aiosqlite": "#4c72b0", "asyncpg": "#4c72b0", "sqlite3 (sync)": "#8172b2",
               "SQLAlchemy": "#dd8452", "Tortoise": "#55a868", "Piccolo": "#c44e52"}


def draw(data: dict, path: str) -> None:
    providers = list(dict.fromkeys(r["provider"] for r in data["rows"]))
    agent_rows = _agent_ratios(data.get("agents", []))
    panels = len(providers) + (1 if agent_rows else 0)
    if panels == 0:
        return
    fig, axes = plt.subplots(panels, 1, figsize=(14, 4.2 * panels), squeeze=False)
    for ax, provider in zip(axes[:, 0], providers):
        rows = [r for r in data["rows"] if r["provider"] == provider]
        labels = list(dict.fromkeys(f"{SHORT.get(r['workload'], r['workload'])}\nc={r['concurrency']}" for r in rows))
        peers = list(dict.fromkeys(r["peer"] for r in rows))
        width = 0.8 / max(1, len(peers))
        for k, peer in enumerate(peers):
            xs, ys = [], []
            for r in rows:
                if r["peer"] == peer and r.get("ratio"):
                    xs.append(labels.index(f"{SHORT.get(r['workload'], r['workload'])}\nc={r['concurrency']}") + k * width)
                    ys.append(r["ratio"])
            ax.bar(xs, ys, width=width, label=peer, color=PEER_COLORS.get(peer))
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_yscale("log")
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(labels))])
        ax.set_xticklabels(labels, fontsize=7)
        ax.set_ylabel("ours ÷ peer (ops/s)")
        ax.set_title(f"{provider}: caspian-prisma vs peers (> 1: we are faster)")
        ax.legend(fontsize=8, ncol=len(peers))
    if agent_rows:
        ax = axes[-1, 0]
        labels = [label for label, _ in agent_rows]
        ax.bar(range(len(labels)), [v for _, v in agent_rows], color=PEER_COLORS["SQLAlchemy"])
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_ylabel("ours ÷ SQLAlchemy (req/s)")
        ax.set_title("RPC agents: Starlette on uvicorn")
    fig.suptitle(f"bench {data['meta']['date']}" + (" (--quick: not a measurement)" if data["meta"]["quick"] else ""))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _agent_ratios(agents: list) -> list[tuple[str, float]]:
    by = {(a["provider"], a["agents"], a["stack"]): a.get("rps") for a in agents}
    out = []
    for (provider, n, stack), rps in by.items():
        peer = by.get((provider, n, "SQLAlchemy"))
        if stack == "caspian-prisma" and rps and peer:
            out.append((f"{provider}\n{n} agents", rps / peer))
    return out
