// The studio's JSON API and the view state kept in the URL.
//
// The token comes from the URL `ppy studio` printed (?token=...) and goes on
// every API call in the X-Studio-Token header; the view (model, filters,
// sort, page, hidden columns) lives in the hash, so a view can be bookmarked
// and reloaded.

const params = new URLSearchParams(location.search);
export const token = params.get("token") || sessionStorage.getItem("ppy-studio-token") || "";
if (token) sessionStorage.setItem("ppy-studio-token", token);

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code;
    this.field = e.field;
    this.index = e.index;
    this.meta = e.meta;
  }
}

export async function api(path, body) {
  const init = { headers: { "X-Studio-Token": token } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch("/api/" + path, init);
  let data = null;
  try { data = await resp.json(); } catch { /* not JSON: a guard's text */ }
  if (!resp.ok) throw new ApiError(resp.status, data);
  return data;
}

// The default view of a model.
export const emptyView = (model) => ({ model, filters: [], join: "AND", q: "", sort: [], take: 25, skip: 0, hide: [], where: null });

// readHash returns the view stored in the URL's hash (or null).
export function readHash() {
  if (location.hash === "#diagram") return { diagram: true, model: null };
  if (location.hash === "#sql") return { console: true, model: null };
  const h = new URLSearchParams(location.hash.slice(1));
  const model = h.get("model");
  if (!model) return null;
  const v = emptyView(model);
  const json = (k, d) => { try { return h.has(k) ? JSON.parse(h.get(k)) : d; } catch { return d; } };
  v.filters = json("filters", []);
  v.join = h.get("join") === "OR" ? "OR" : "AND";
  v.q = h.get("q") || "";
  v.sort = json("sort", []);
  v.take = Number(h.get("take")) || 25;
  v.skip = Number(h.get("skip")) || 0;
  v.hide = json("hide", []);
  v.where = json("where", null); // a relation jump's fixed filter
  return v;
}

export function writeHash(v) {
  if (v.diagram || v.console) {
    const next = v.diagram ? "#diagram" : "#sql";
    if (location.hash !== next) history.pushState(null, "", location.pathname + location.search + next);
    return;
  }
  const h = new URLSearchParams();
  h.set("model", v.model);
  if (v.filters.length) h.set("filters", JSON.stringify(v.filters));
  if (v.join !== "AND") h.set("join", v.join);
  if (v.q) h.set("q", v.q);
  if (v.sort.length) h.set("sort", JSON.stringify(v.sort));
  if (v.take !== 25) h.set("take", String(v.take));
  if (v.skip) h.set("skip", String(v.skip));
  if (v.hide.length) h.set("hide", JSON.stringify(v.hide));
  if (v.where) h.set("where", JSON.stringify(v.where));
  const next = "#" + h.toString();
  if (location.hash !== next) history.pushState(null, "", location.pathname + location.search + next);
}
