// The filter builder: conditions with Prisma's operators, joined by AND or
// OR, turned into the `where` the engine takes (the same dict the Python
// client sends).
import { html, useState } from "./vendor/preact-htm.js";
import { parseValue } from "./values.js";

const stringOps = ["equals", "not", "contains", "startsWith", "endsWith", "in", "notIn"];
const orderedOps = ["equals", "not", "lt", "lte", "gt", "gte", "in", "notIn"];

// opsFor lists the operators a field's filter offers.
export function opsFor(f) {
  let ops;
  if (f.kind === "enum") ops = ["equals", "not", "in", "notIn"];
  else if (f.type === "String") ops = stringOps;
  else if (f.type === "Boolean") ops = ["equals", "not"];
  else if (f.type === "Json" || f.type === "Bytes") ops = ["equals"];
  else ops = orderedOps;
  return f.optional ? [...ops, "isNull", "isNotNull"] : ops;
}

export const filterable = (f) => (f.kind === "scalar" || f.kind === "enum") && !f.list;

// conditionWhere is one condition as a where entry, or throws a message.
function conditionWhere(c, f) {
  if (c.op === "isNull") return { [f.name]: null };
  if (c.op === "isNotNull") return { [f.name]: { not: null } };
  let value;
  if (c.op === "in" || c.op === "notIn") {
    value = String(c.value).split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => parseValue(f, s));
  } else {
    value = parseValue(f, c.value);
  }
  const filter = { [c.op]: value };
  if (c.insensitive && f.type === "String") filter.mode = "insensitive";
  return { [f.name]: filter };
}

// buildWhere turns the view's conditions, quick search and relation filter
// into one where; bad values are reported in errors (by condition index).
export function buildWhere(view, model) {
  const byName = Object.fromEntries(model.fields.map((f) => [f.name, f]));
  const parts = [];
  const errors = {};
  const conds = [];
  view.filters.forEach((c, i) => {
    const f = byName[c.field];
    if (!f) return;
    try { conds.push(conditionWhere(c, f)); } catch (e) { errors[i] = e.message; }
  });
  if (conds.length === 1) parts.push(conds[0]);
  else if (conds.length > 1) parts.push({ [view.join]: conds });
  if (view.q) {
    const text = model.fields.filter((f) => f.kind === "scalar" && f.type === "String" && !f.list);
    if (text.length) parts.push({ OR: text.map((f) => ({ [f.name]: { contains: view.q } })) });
  }
  if (view.where) parts.push(view.where);
  const where = parts.length === 0 ? null : parts.length === 1 ? parts[0] : { AND: parts };
  return { where, errors };
}

// FilterBar edits a copy of the conditions and applies them together.
export function FilterBar({ model, view, onApply, errors }) {
  const fields = model.fields.filter(filterable);
  const [conds, setConds] = useState(view.filters.length ? view.filters : []);
  const [join, setJoin] = useState(view.join);
  const set = (i, patch) => setConds(conds.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const add = () => fields.length && setConds([...conds, { field: fields[0].name, op: opsFor(fields[0])[0], value: "", insensitive: false }]);
  return html`<div class="filters" data-testid="filters">
    ${conds.map((c, i) => {
      const f = fields.find((x) => x.name === c.field) || fields[0];
      return html`<div class="cond" data-testid="cond">
        ${i === 0 ? html`<span class="where">where</span>` : i === 1
          ? html`<select data-testid="join" value=${join} onChange=${(e) => setJoin(e.target.value)}><option value="AND">AND</option><option value="OR">OR</option></select>`
          : html`<span class="where">${join}</span>`}
        <select data-testid="cond-field" value=${c.field} onChange=${(e) => { const nf = fields.find((x) => x.name === e.target.value); set(i, { field: nf.name, op: opsFor(nf)[0] }); }}>
          ${fields.map((x) => html`<option value=${x.name}>${x.name}</option>`)}
        </select>
        <select data-testid="cond-op" value=${c.op} onChange=${(e) => set(i, { op: e.target.value })}>
          ${opsFor(f).map((o) => html`<option value=${o}>${o}</option>`)}
        </select>
        ${c.op === "isNull" || c.op === "isNotNull" ? null : f.kind === "enum" && c.op !== "in" && c.op !== "notIn"
          ? html`<select data-testid="cond-value" value=${c.value} onChange=${(e) => set(i, { value: e.target.value })}>
              <option value=""></option>${f.values.map((v) => html`<option value=${v}>${v}</option>`)}</select>`
          : f.type === "Boolean"
            ? html`<select data-testid="cond-value" value=${c.value} onChange=${(e) => set(i, { value: e.target.value })}>
                <option value=""></option><option value="true">true</option><option value="false">false</option></select>`
            : html`<input data-testid="cond-value" value=${c.value} placeholder=${c.op === "in" || c.op === "notIn" ? "a, b, c" : f.type}
                onInput=${(e) => set(i, { value: e.target.value })} onKeyDown=${(e) => e.key === "Enter" && onApply(conds, join)} />`}
        ${f.type === "String" && !["isNull", "isNotNull"].includes(c.op)
          ? html`<label class="mode" title="mode: 'insensitive'"><input type="checkbox" checked=${c.insensitive} onChange=${(e) => set(i, { insensitive: e.target.checked })} /> Aa</label>` : null}
        <button class="icon" title="Remove this condition" onClick=${() => setConds(conds.filter((_, j) => j !== i))}>×</button>
        ${errors[i] ? html`<span class="err">${errors[i]}</span>` : null}
      </div>`;
    })}
    <div class="filter-actions">
      <button data-testid="add-cond" onClick=${add}>+ Condition</button>
      <button class="primary" data-testid="apply-filters" onClick=${() => onApply(conds, join)}>Apply</button>
      ${conds.length ? html`<button onClick=${() => { setConds([]); onApply([], join); }}>Clear</button>` : null}
    </div>
  </div>`;
}
