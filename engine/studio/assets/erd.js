// The schema as an entity-relationship diagram: one box per model with its
// scalar fields (PK, FK and nullable marked), one edge per relation from the
// side that holds the foreign key (or the implicit join table's m:n) to the
// other model, labelled 1:1, n:1 or m:n. Drawn in SVG from /api/models,
// laid out on a grid; clicking a box opens the model.
import { html } from "./vendor/preact-htm.js";

const W = 230, ROW = 18, HEAD = 26, GAP_X = 90, GAP_Y = 50, PAD = 20;

function layout(models) {
  const cols = Math.max(1, Math.ceil(Math.sqrt(models.length)));
  const boxes = {};
  let y = PAD;
  for (let r = 0; r * cols < models.length; r++) {
    const row = models.slice(r * cols, r * cols + cols);
    let h = 0;
    row.forEach((m, c) => {
      const fields = m.fields.filter((f) => f.kind !== "relation");
      const bh = HEAD + fields.length * ROW + 8;
      boxes[m.name] = { m, fields, x: PAD + c * (W + GAP_X), y, h: bh };
      h = Math.max(h, bh);
    });
    y += h + GAP_Y;
  }
  return { boxes, width: PAD * 2 + cols * W + (cols - 1) * GAP_X, height: y - GAP_Y + PAD };
}

// edges lists each relation once: from the FK side, or once per m:n pair.
function edges(models) {
  const out = [];
  const seen = new Set();
  for (const m of models) {
    for (const f of m.fields) {
      if (f.kind !== "relation" || seen.has(f.relation.name)) continue;
      const r = f.relation;
      const holds = r.fields && r.fields.length > 0;
      const backHolds = r.back && r.back.fields && r.back.fields.length > 0;
      if (!holds && backHolds) continue; // drawn from the other side
      seen.add(r.name);
      const back = r.back && models.find((x) => x.name === r.model)?.fields.find((x) => x.name === r.back.name);
      const label = !holds ? "m:n" : back && back.list ? "n:1" : "1:1";
      out.push({ from: m.name, field: holds ? r.fields[0] : null, to: r.model, label, name: r.name });
    }
  }
  return out;
}

export function Diagram({ models, onPick }) {
  const { boxes, width, height } = layout(models);
  const rowY = (b, name) => {
    const i = b.fields.findIndex((f) => f.name === name);
    return b.y + HEAD + (i < 0 ? -HEAD / 2 : i * ROW + ROW / 2 + 2);
  };
  const paths = edges(models).map((e) => {
    const a = boxes[e.from], b = boxes[e.to];
    if (!a || !b) return null;
    const y1 = rowY(a, e.field), y2 = b.y + HEAD / 2;
    // Leave from the side facing the target; boxes in one column (a self
    // relation too) are joined by a curve on their right.
    let x1, x2, c1, c2;
    let bend = 50;
    if (b.x > a.x) { x1 = a.x + W; x2 = b.x; bend = Math.max(30, (x2 - x1) / 2); c1 = x1 + bend; c2 = x2 - bend; }
    else if (b.x < a.x) { x1 = a.x; x2 = b.x + W; bend = Math.max(30, (x1 - x2) / 2); c1 = x1 - bend; c2 = x2 + bend; }
    else { x1 = x2 = a.x + W; c1 = c2 = x1 + bend; }
    return html`<g class="edge" data-testid="erd-edge"><title>${e.name}: ${e.from} → ${e.to}</title>
      <path d=${`M${x1},${y1} C${c1},${y1} ${c2},${y2} ${x2},${y2}`} />
      <text x=${x1 === x2 ? x1 + bend * 0.8 : (x1 + x2) / 2} y=${(y1 + y2) / 2 - 4}>${e.label}</text></g>`;
  });
  return html`<div class="erd-wrap"><svg class="erd" data-testid="erd" width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`}>
    ${paths}
    ${Object.values(boxes).map((b) => html`<g class="box" data-testid="erd-model" transform=${`translate(${b.x},${b.y})`} onClick=${() => onPick(b.m.name)}>
      <title>${b.m.doc || b.m.name}</title>
      <rect width=${W} height=${b.h} rx="6" />
      <rect class="head" width=${W} height=${HEAD} rx="6" />
      <text class="name" x="10" y="18">${b.m.name}</text>
      <text class="count" x=${W - 10} y="18" text-anchor="end">${b.m.count ?? ""}</text>
      ${b.fields.map((f, i) => {
        const fk = b.m.fields.some((r) => r.kind === "relation" && r.relation.fields && r.relation.fields.includes(f.name));
        return html`<g transform=${`translate(0,${HEAD + i * ROW})`}>
          <text class="key" x="10" y="14">${b.m.pk && b.m.pk.fields.includes(f.name) ? "PK" : fk ? "FK" : ""}</text>
          <text class="field" x="34" y="14">${f.name}</text>
          <text class="type" x=${W - 10} y="14" text-anchor="end">${(f.typeName || f.type) + (f.list ? "[]" : f.optional ? "?" : "")}</text>
        </g>`;
      })}
    </g>`)}
  </svg></div>`;
}
