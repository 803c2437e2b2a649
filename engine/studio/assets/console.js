// The SQL console: one statement through query.raw. Read-only (run in a
// transaction that is rolled back, only reading statements) until the
// "Allow writes" switch is on; the Python line to run the same SQL from an
// app is shown beside it.
import { html, useState } from "./vendor/preact-htm.js";
import { api } from "./api.js";

const pyString = (s) => JSON.stringify(s); // a JSON string is a valid Python literal for SQL text

export function Console({ initial }) {
  const [sql, setSql] = useState(initial || "SELECT 1");
  const [write, setWrite] = useState(false);
  const [out, setOut] = useState(null);
  const [err, setErr] = useState("");
  const run = async () => {
    setErr(""); setOut(null);
    try { setOut(await api("sql", { sql, write })); } catch (e) { setErr(e.message); }
  };
  const reads = out && out.columns;
  return html`<div class="console">
    <textarea data-testid="sql-input" rows="6" spellcheck="false" value=${sql} onInput=${(e) => setSql(e.target.value)}
      onKeyDown=${(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } }} />
    <div class="console-actions">
      <button class="primary" data-testid="sql-run" onClick=${run}>Run</button><span class="hint">Ctrl+Enter</span>
      <label class=${"writes " + (write ? "on" : "")}><input type="checkbox" data-testid="sql-write" checked=${write}
        onChange=${(e) => setWrite(e.target.checked)} /> Allow writes</label>
      <span class="hint">${write ? "statements run as written and are committed" : "read-only: one reading statement, in a transaction that is rolled back"}</span>
    </div>
    <pre class="pyline" data-testid="sql-python">await prisma.${write && !reads ? "execute_raw" : "query_raw"}(${pyString(sql)})</pre>
    ${err ? html`<div class="banner err" data-testid="sql-error">${err}</div>` : null}
    ${out && !reads ? html`<div class="banner ok" data-testid="sql-affected">${out.affected} row${out.affected === 1 ? "" : "s"} affected</div>` : null}
    ${reads ? html`<div class="grid-wrap"><table class="grid" data-testid="sql-result">
      <thead><tr>${out.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
      <tbody>${out.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v === null ? html`<span class="null">NULL</span>` : typeof v === "object" ? JSON.stringify(v) : String(v)}</td>`)}</tr>`)}</tbody>
    </table><div class="hint">${out.rows.length} row${out.rows.length === 1 ? "" : "s"}</div></div>` : null}
  </div>`;
}
