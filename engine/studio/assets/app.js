// ppy studio's page: the models in a sidebar, the grid of the chosen one with
// its toolbar (search, filters, columns, paging), the pending edits' save
// bar, and the panel with the Python call and SQL of the current view.
import { html, render, useState, useEffect, useCallback } from "./vendor/preact-htm.js";
import { api, token, emptyView, readHash, writeHash } from "./api.js";
import { FilterBar, buildWhere } from "./filters.js";
import { Grid, pkWhere, rowKey } from "./grid.js";
import { Diagram } from "./erd.js";
import { Console } from "./console.js";

const noPending = () => ({ updates: {}, creates: [], deletes: {} });
const pendingCount = (p) => Object.keys(p.updates).length + p.creates.length + Object.keys(p.deletes).length;
let tmpSeq = 0;

// quoteIdent quotes a table name for the console's first query: backticks on
// MySQL, double quotes elsewhere.
let provider = "";
const quoteIdent = (name) => (provider === "mysql" ? "`" + name + "`" : '"' + name + '"');

// saveOps lists the pending edits as API ops, each with the grid key its
// errors belong to: creates, then updates, then deletes.
function saveOps(p) {
  const ops = [];
  for (const c of p.creates) ops.push({ key: "new:" + c.tmp, op: { op: "create", model: c.model, data: c.data } });
  for (const [k, u] of Object.entries(p.updates)) ops.push({ key: k, op: { op: "update", model: u.model, where: u.where, data: u.data } });
  for (const [k, d] of Object.entries(p.deletes)) ops.push({ key: k, op: { op: "delete", model: d.model, where: d.where } });
  return ops;
}

// nextSort is the orderBy after a header click: that column alone, or with
// Shift added to (or changed in, or removed from) the current order.
function nextSort(sort, name, dir, add) {
  if (!add) return dir ? [{ [name]: dir }] : [];
  const rest = sort.filter((o) => !(name in o));
  if (!dir) return rest;
  const i = sort.findIndex((o) => name in o);
  return i < 0 ? [...rest, { [name]: dir }] : sort.map((o) => (name in o ? { [name]: dir } : o));
}

function Sidebar({ models, current, view, onPick, onPage }) {
  return html`<nav class="sidebar" data-testid="sidebar">
    <div class="brand">ppy <b>studio</b></div>
    <div class="section">Models</div>
    ${models.map((m) => html`<a href="#" data-testid=${"model-" + m.name} class=${m.name === current ? "active" : ""} title=${m.doc || ""}
      onClick=${(e) => { e.preventDefault(); onPick(m.name); }}>
      <span>${m.name}</span><span class="count" data-testid="count" title=${m.countError || ""}>${m.count ?? "?"}${m.countCapped ? "+" : ""}</span></a>`)}
    <a href="#diagram" data-testid="diagram" class=${"diagram " + (view && view.diagram ? "active" : "")}
      onClick=${(e) => { e.preventDefault(); onPage({ diagram: true, model: null }); }}><span>Schema diagram</span></a>
    <a href="#sql" data-testid="console" class=${view && view.console ? "active" : ""}
      onClick=${(e) => { e.preventDefault(); onPage({ console: true, model: null }); }}><span>SQL console</span></a>
  </nav>`;
}

// Pager pages with take/skip; a capped total (a count that stopped at its
// bound) has no known last page.
function Pager({ view, total, capped, setView }) {
  const last = Math.max(0, Math.floor((Math.max(total, 1) - 1) / view.take) * view.take);
  const go = (skip) => setView({ ...view, skip: Math.min(Math.max(0, skip), last) });
  const from = total === 0 ? 0 : view.skip + 1;
  const to = Math.min(view.skip + view.take, total);
  return html`<div class="pager" data-testid="pager">
    <select data-testid="page-size" value=${view.take} onChange=${(e) => setView({ ...view, take: Number(e.target.value), skip: 0 })}>
      ${[10, 25, 50, 100, 200].map((n) => html`<option value=${n}>${n} / page</option>`)}
    </select>
    <button data-testid="first" disabled=${view.skip === 0} onClick=${() => go(0)}>«</button>
    <button data-testid="prev" disabled=${view.skip === 0} onClick=${() => go(view.skip - view.take)}>‹</button>
    <span data-testid="range">${from}–${to} of ${total}${capped ? "+" : ""}</span>
    <button data-testid="next" disabled=${to >= total && !capped} onClick=${() => setView({ ...view, skip: view.skip + view.take })}>›</button>
    <button data-testid="last" disabled=${to >= total || capped} onClick=${() => go(last)}>»</button>
  </div>`;
}

function Columns({ model, view, setView }) {
  const [open, setOpen] = useState(false);
  const toggle = (n) => setView({ ...view, hide: view.hide.includes(n) ? view.hide.filter((x) => x !== n) : [...view.hide, n] });
  return html`<span class="dropdown"><button data-testid="columns" onClick=${() => setOpen(!open)}>Columns${view.hide.length ? ` (${view.hide.length} hidden)` : ""}</button>
    ${open ? html`<div class="menu">${model.fields.map((f) => html`<label><input type="checkbox" checked=${!view.hide.includes(f.name)} onChange=${() => toggle(f.name)} /> ${f.name}</label>`)}</div>` : null}
  </span>`;
}

function CodePanel({ result }) {
  const [open, setOpen] = useState(true);
  if (!result) return null;
  const copy = () => navigator.clipboard && navigator.clipboard.writeText(result.python);
  return html`<section class=${"code " + (open ? "open" : "")} data-testid="python-panel">
    <header onClick=${() => setOpen(!open)}><b>Python</b> the call for this view ${open ? "▾" : "▸"}</header>
    ${open ? html`<div class="code-body">
      <div class="snippet"><pre data-testid="python">${result.python}</pre><button onClick=${copy}>Copy</button></div>
      <div class="sqlhead">SQL the engine ran</div>
      <pre class="sql" data-testid="sql">${(result.sql || []).join(";\n\n")}</pre>
    </div>` : null}
  </section>`;
}

function App() {
  const [models, setModels] = useState(null);
  const [fatal, setFatal] = useState(token ? "" : "This page needs the token from the URL that `ppy studio` printed.");
  const [view, setViewState] = useState(readHash());
  const [result, setResult] = useState(null);
  const [loadError, setLoadError] = useState("");
  const [pending, setPending] = useState(noPending());
  const [saveError, setSaveError] = useState(null);
  const [selected, setSelected] = useState([]);
  const [showFilters, setShowFilters] = useState(false);
  const [q, setQ] = useState(view ? view.q : "");
  const [busy, setBusy] = useState(false);
  const [pendingPy, setPendingPy] = useState(null); // the pending edits as client code, when shown

  const setView = (v) => { writeHash(v); setViewState(v); };
  const loadModels = useCallback(() => api("models").then((d) => {
    provider = d.provider;
    setModels(d.models);
    setViewState((v) => v || (d.models[0] ? emptyView(d.models[0].name) : null));
  }).catch((e) => setFatal(e.message)), []);
  useEffect(() => { if (token) loadModels(); }, []);
  useEffect(() => {
    const onPop = () => { const v = readHash(); if (v) { setViewState(v); setQ(v.q); } };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  // The "Python" of the save bar follows the pending edits while it is open.
  useEffect(() => {
    if (pendingPy === null) return;
    if (!pendingCount(pending)) { setPendingPy(null); return; }
    api("python", { ops: saveOps(pending).map((o) => o.op) }).then((d) => setPendingPy(d.python)).catch((e) => setPendingPy("# " + e.message));
  }, [pending, pendingPy !== null]);

  // Keys: Ctrl/Cmd+S saves the pending edits, "/" goes to the search box.
  useEffect(() => {
    const onKey = (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") {
        e.preventDefault();
        document.querySelector("[data-testid=save]")?.click();
      } else if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "")) {
        e.preventDefault();
        document.querySelector("[data-testid=search]")?.focus();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!pendingCount(pending)) return undefined;
    const warn = (e) => { e.preventDefault(); e.returnValue = ""; };
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [pending]);

  const model = models && view && models.find((m) => m.name === view.model);
  const built = model ? buildWhere(view, model) : { where: null, errors: {} };
  const reload = () => {
    if (!model) return;
    setLoadError("");
    const body = { model: model.name, where: built.where, orderBy: view.sort, take: view.take, skip: view.skip };
    api("rows", body).then(setResult).catch((e) => { setResult(null); setLoadError(e.message); });
  };
  useEffect(reload, [model && model.name, JSON.stringify(built.where), JSON.stringify(view && view.sort), view && view.take, view && view.skip]);

  if (fatal) return html`<div class="fatal" data-testid="fatal">${fatal}</div>`;
  if (!models) return html`<p class="loading">Loading…</p>`;
  const count = pendingCount(pending);
  const pick = (name) => { setSelected([]); setQ(""); setShowFilters(false); setView(emptyView(name)); };
  const jump = (t) => { setSelected([]); setQ(""); setView({ ...emptyView(t.model), where: t.where }); };
  const save = async () => {
    const ops = saveOps(pending);
    setBusy(true);
    try {
      await api("save", { ops: ops.map((o) => o.op) });
      setPending(noPending()); setSaveError(null); setSelected([]);
      reload(); loadModels();
    } catch (e) {
      const at = e.index !== undefined && ops[e.index] ? ops[e.index] : null;
      setSaveError({ key: at && at.key, field: e.field, message: e.message, code: e.code });
    } finally { setBusy(false); }
  };
  const addRecord = () => setPending({ ...pending, creates: [{ tmp: ++tmpSeq, model: model.name, data: {} }, ...pending.creates] });
  // markDeleted turns the selected rows into pending deletes.
  const markDeleted = () => {
    const deletes = { ...pending.deletes };
    for (const r of result.rows) {
      const k = rowKey(model, r);
      if (selected.includes(k)) deletes[k] = { model: model.name, where: pkWhere(model, r) };
    }
    setPending({ ...pending, deletes });
    setSelected([]);
  };
  const fields = model ? model.fields.filter((f) => !view.hide.includes(f.name)) : [];
  return html`<div class="layout">
    <${Sidebar} models=${models} current=${view && view.model} view=${view} onPick=${pick} onPage=${setView} />
    <main>
      ${view && view.diagram ? html`<div class="toolbar"><h1 data-testid="title">Schema</h1>
          <span class="doc">${models.length} models · click one to open it</span></div>
        <${Diagram} models=${models} onPick=${pick} />`
      : view && view.console ? html`<div class="toolbar"><h1 data-testid="title">SQL console</h1>
          <span class="doc">one statement through the engine's query_raw</span></div>
        <${Console} initial=${models[0] ? `SELECT * FROM ${quoteIdent(models[0].dbName)} LIMIT 10` : "SELECT 1"} />`
      : model ? html`
        <div class="toolbar">
          <h1 title=${model.doc || ""} data-testid="title">${model.name}</h1>
          ${model.doc ? html`<span class="doc">${model.doc}</span>` : null}
          <input class="search" data-testid="search" placeholder="Search text fields… ( / )" value=${q}
            onInput=${(e) => setQ(e.target.value)} onKeyDown=${(e) => e.key === "Enter" && setView({ ...view, q, skip: 0 })} />
          <button data-testid="toggle-filters" class=${view.filters.length ? "on" : ""} onClick=${() => setShowFilters(!showFilters)}>
            Filters${view.filters.length ? ` (${view.filters.length})` : ""}</button>
          <${Columns} model=${model} view=${view} setView=${setView} />
          <button data-testid="refresh" onClick=${() => { reload(); loadModels(); }}>Refresh</button>
          ${model.readOnly ? html`<span class="doc">read-only (no primary key)</span>` : html`
            <button class="primary" data-testid="add" onClick=${addRecord}>+ Add record</button>
            <button data-testid="delete" disabled=${selected.length === 0} onClick=${markDeleted}>
              Delete${selected.length ? ` ${selected.length}` : ""}</button>`}
        </div>
        ${view.where ? html`<div class="chip" data-testid="relation-filter">related records: <code>${JSON.stringify(view.where)}</code>
          <button class="icon" onClick=${() => setView({ ...view, where: null, skip: 0 })}>×</button></div>` : null}
        ${showFilters ? html`<${FilterBar} key=${model.name} model=${model} view=${view} errors=${built.errors}
          onApply=${(filters, join) => setView({ ...view, filters, join, skip: 0 })} />` : null}
        ${loadError ? html`<div class="banner err" data-testid="load-error">${loadError}</div>` : null}
        ${result ? html`<${Grid} model=${model} rows=${result.rows} fields=${fields} sort=${view.sort}
          onSort=${(name, dir, add) => setView({ ...view, sort: nextSort(view.sort, name, dir, add), skip: 0 })}
          pending=${pending} setPending=${setPending} error=${saveError} onJump=${jump}
          selected=${selected} setSelected=${setSelected} />
          <${Pager} view=${view} total=${result.total} capped=${result.totalCapped} setView=${setView} />` : null}
        <${CodePanel} result=${result} />` : html`<p class="none" data-testid="no-model">${models.length === 0 ? "No models in the schema." : html`No model ${view && view.model} in the schema: pick one on the left.`}</p>`}
    </main>
    ${count && pendingPy ? html`<pre class="pending-python" data-testid="pending-python">${pendingPy}</pre>` : null}
    ${count ? html`<div class="savebar" data-testid="savebar">
      ${saveError ? html`<span class="err" data-testid="save-error">${saveError.code ? saveError.code + ": " : ""}${saveError.message}</span>` : html`<span>${count} pending change${count > 1 ? "s" : ""}</span>`}
      <button data-testid="pending-python-toggle" class=${pendingPy !== null ? "on" : ""} onClick=${() => setPendingPy(pendingPy === null ? "" : null)}>Python</button>
      <button data-testid="discard" onClick=${() => { setPending(noPending()); setSaveError(null); }}>Discard</button>
      <button class="primary" data-testid="save" title="Ctrl+S" disabled=${busy} onClick=${save}>Save ${count} change${count > 1 ? "s" : ""}</button>
    </div>` : null}
  </div>`;
}

render(html`<${App} />`, document.getElementById("app"));
