// The grid of one model: sortable headers, cells with a fitting editor per
// scalar type, relation cells that jump to the related records, rows marked
// for deletion, and the rows being created. Edits are not sent here: they
// go to the pending set that the save bar writes in one transaction.
import { html, useState, useEffect, useRef } from "./vendor/preact-htm.js";
import { display, editText, editable, parseValue } from "./values.js";

// pkWhere names a row by its primary key, as a unique where.
export function pkWhere(model, row) {
  const fs = model.pk.fields;
  if (fs.length === 1) return { [fs[0]]: row[fs[0]] };
  return { [model.pk.name]: Object.fromEntries(fs.map((f) => [f, row[f]])) };
}
export const rowKey = (model, row) => model.name + ":" + JSON.stringify(pkWhere(model, row));

const typeLabel = (f) => (f.typeName || f.type) + (f.list ? "[]" : f.optional ? "?" : "");

// relationTarget is where a relation cell leads: the related model and the
// where that picks the related records of row.
export function relationTarget(model, f, row) {
  const r = f.relation;
  const pick = (fields, refs, src) => Object.fromEntries(fields.map((x, i) => [x, src[refs[i]]]));
  if (r.fields && r.fields.length) {
    if (r.fields.some((x) => row[x] === null || row[x] === undefined)) return null;
    return { model: r.model, where: pick(r.references, r.fields, row) };
  }
  if (r.back && r.back.fields && r.back.fields.length) return { model: r.model, where: pick(r.back.fields, r.back.references, row) };
  return { model: r.model, where: { [r.back.name]: { some: pkWhere(model, row) } } };
}

function Editor({ f, value, onDone, onCancel }) {
  const [text, setText] = useState(editText(f, value));
  const [err, setErr] = useState("");
  const ref = useRef();
  useEffect(() => { ref.current && ref.current.focus(); }, []);
  const commit = (t) => {
    try { onDone(parseValue(f, t)); } catch (e) { setErr(e.message); }
  };
  const keys = (e) => {
    if (e.key === "Escape") onCancel();
    if (e.key === "Enter" && (f.type !== "Json" || e.ctrlKey || e.metaKey)) { e.preventDefault(); commit(text); }
  };
  let input;
  if (f.kind === "enum") {
    input = html`<select ref=${ref} data-testid="editor" value=${text} onChange=${(e) => commit(e.target.value)} onKeyDown=${keys}>
      <option value="" disabled>choose…</option>${f.values.map((v) => html`<option value=${v}>${v}</option>`)}</select>`;
  } else if (f.type === "Boolean") {
    input = html`<select ref=${ref} data-testid="editor" value=${text} onChange=${(e) => commit(e.target.value)} onKeyDown=${keys}>
      <option value="" disabled>choose…</option><option value="true">true</option><option value="false">false</option></select>`;
  } else if (f.type === "Json" || f.type === "Bytes") {
    input = html`<textarea ref=${ref} data-testid="editor" rows="5" value=${text} onInput=${(e) => { setText(e.target.value); setErr(""); }} onKeyDown=${keys} />`;
  } else if (f.type === "DateTime") {
    input = html`<input ref=${ref} data-testid="editor" type="datetime-local" step="0.001" value=${text}
      onInput=${(e) => setText(e.target.value)} onKeyDown=${keys} /><span class="hint">UTC</span>`;
  } else {
    const numeric = ["Int", "BigInt", "Float", "Decimal"].includes(f.type);
    input = html`<input ref=${ref} data-testid="editor" inputmode=${numeric ? "decimal" : "text"} value=${text}
      onInput=${(e) => { setText(e.target.value); setErr(""); }} onKeyDown=${keys} />`;
  }
  return html`<div class="editor" onClick=${(e) => e.stopPropagation()}>
    ${input}
    <div class="editor-actions">
      <button class="primary" data-testid="editor-ok" onClick=${() => commit(text)}>OK</button>
      ${f.optional ? html`<button data-testid="editor-null" onClick=${() => onDone(null)}>NULL</button>` : null}
      <button onClick=${onCancel}>Cancel</button>
      ${f.type === "Json" ? html`<span class="hint">Ctrl+Enter</span>` : null}
    </div>
    ${err ? html`<div class="err" data-testid="editor-error">${err}</div>` : null}
  </div>`;
}

function Cell({ model, f, row, value, changed, error, editing, onEdit, onSet, onCancel, onJump, creating }) {
  if (f.kind === "relation") {
    if (creating) return html`<td class="rel muted">—</td>`;
    const t = relationTarget(model, f, row);
    if (f.list) {
      const n = row._count ? row._count[f.name] : undefined;
      return html`<td class="rel"><a href="#" data-testid="rel-many" onClick=${(e) => { e.preventDefault(); onJump(t); }}>${n ?? "…"} ${f.relation.model}</a></td>`;
    }
    if (!t) return html`<td class="rel"><span class="null">NULL</span></td>`;
    // The related record's display field when the server included it, else its key.
    const rel = row[f.name];
    const disp = rel && f.relation.display && rel[f.relation.display];
    const label = disp != null ? String(disp) : Object.values(t.where).map((v) => (typeof v === "object" ? "…" : String(v))).join(", ");
    return html`<td class="rel"><a href="#" data-testid="rel-one" title=${"Open the related " + f.relation.model}
      onClick=${(e) => { e.preventDefault(); onJump(t); }}>→ ${f.relation.model} ${label}</a></td>`;
  }
  const canEdit = editable(f) && (creating || !f.id); // a key is chosen once
  const shown = display(f, value);
  const cls = ["cell", changed ? "changed" : "", error ? "error" : "", canEdit ? "editable" : ""].join(" ");
  return html`<td class=${cls} data-field=${f.name} title=${error || ""} onClick=${() => canEdit && !editing && onEdit()}>
    ${editing
      ? html`<${Editor} f=${f} value=${value} onDone=${onSet} onCancel=${onCancel} />`
      : shown === null
        ? html`<span class="null">${creating && f.default ? "default: " + f.default : "NULL"}</span>`
        : shown === "" ? html`<span class="empty">""</span>` : html`<span class="val">${shown}</span>`}
    ${error && !editing ? html`<div class="err" data-testid="field-error">${error}</div>` : null}
  </td>`;
}

export function Grid({ model, rows, fields, sort, onSort, pending, setPending, error, onJump, selected, setSelected }) {
  const [editing, setEditing] = useState(null); // {key, field}
  const ro = model.readOnly;
  const sortAt = (name) => sort.findIndex((o) => name in o);
  const sortDir = (name) => (sortAt(name) >= 0 ? sort[sortAt(name)][name] : null);
  const errorFor = (key, name) => (error && error.key === key && (!error.field || error.field === name) ? error.message : null);
  const setValue = (key, row, name, v, tmp) => {
    setEditing(null);
    if (tmp !== undefined) {
      setPending({ ...pending, creates: pending.creates.map((c) => (c.tmp === tmp ? { ...c, data: { ...c.data, [name]: v } } : c)) });
      return;
    }
    const cur = pending.updates[key] || { model: model.name, where: pkWhere(model, row), data: {} };
    const data = { ...cur.data, [name]: v };
    if (JSON.stringify(row[name]) === JSON.stringify(v)) delete data[name];
    const updates = { ...pending.updates };
    if (Object.keys(data).length) updates[key] = { ...cur, data }; else delete updates[key];
    setPending({ ...pending, updates });
  };
  const creates = pending.creates.filter((c) => c.model === model.name);
  const renderRow = (row, key, tmp) => {
    const upd = pending.updates[key];
    const data = tmp !== undefined ? row : { ...row, ...(upd ? upd.data : {}) };
    const deleting = !!pending.deletes[key];
    return html`<tr key=${key} class=${[deleting ? "deleting" : "", tmp !== undefined ? "creating" : ""].join(" ")} data-testid="row">
      <td class="sel">${tmp !== undefined
        ? html`<button class="icon" title="Drop this new record" onClick=${() => setPending({ ...pending, creates: pending.creates.filter((c) => c.tmp !== tmp) })}>×</button>`
        : ro ? null : html`<input type="checkbox" data-testid="select" checked=${selected.includes(key)}
            onChange=${(e) => setSelected(e.target.checked ? [...selected, key] : selected.filter((k) => k !== key))} />`}</td>
      ${fields.map((f) => html`<${Cell} model=${model} f=${f} row=${row} value=${data[f.name] ?? null}
        changed=${tmp !== undefined ? f.name in row : !!(upd && f.name in upd.data)} error=${errorFor(key, f.name)}
        creating=${tmp !== undefined} editing=${!ro && !deleting && editing && editing.key === key && editing.field === f.name}
        onEdit=${() => setEditing({ key, field: f.name })} onCancel=${() => setEditing(null)}
        onSet=${(v) => setValue(key, row, f.name, v, tmp)} onJump=${onJump} />`)}
    </tr>`;
  };
  return html`<div class="grid-wrap"><table class="grid" data-testid="grid">
    <thead><tr><th class="sel"></th>${fields.map((f) => {
      const sortable = f.kind !== "relation" && !f.list && f.type !== "Json" && f.type !== "Bytes";
      const dir = sortDir(f.name);
      return html`<th class=${sortable ? "sortable" : ""} data-testid=${"col-" + f.name}
        title=${(f.doc ? f.doc + "\n" : "") + (sortable ? "Click to sort, Shift+click to add to the sort" : "")}
        onClick=${(e) => sortable && onSort(f.name, dir === null ? "asc" : dir === "asc" ? "desc" : null, e.shiftKey)}>
        <span class="fname">${f.id ? html`<span class="pk" title="primary key">PK</span> ` : ""}${f.name}</span> <span class="ftype">${typeLabel(f)}</span>
        ${dir ? html`<span class="dir">${dir === "asc" ? "▲" : "▼"}${sort.length > 1 ? sortAt(f.name) + 1 : ""}</span>` : null}
      </th>`;
    })}</tr></thead>
    <tbody>
      ${creates.map((c) => renderRow(c.data, "new:" + c.tmp, c.tmp))}
      ${rows.map((r) => renderRow(r, rowKey(model, r)))}
      ${rows.length === 0 && creates.length === 0 ? html`<tr><td class="none" colspan=${fields.length + 1}>No records</td></tr>` : null}
    </tbody>
  </table></div>`;
}
