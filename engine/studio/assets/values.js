// Scalar values: how each Prisma type is shown, edited and sent. BigInt and
// Decimal travel as decimal strings (a JS number would round them),
// DateTime as ISO 8601 in UTC, Bytes as base64, Json as its value; NULL is
// distinct from the empty string everywhere.

const intRe = /^-?\d+$/;
const decRe = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

// parseValue turns an editor's text into the value sent for field f, or
// throws an Error saying what was expected.
export function parseValue(f, text) {
  if (f.kind === "enum") {
    if (!f.values.includes(text)) throw new Error(`expected one of ${f.values.join(", ")}`);
    return text;
  }
  switch (f.type) {
    case "String": return text;
    case "Boolean":
      if (text === true || text === "true") return true;
      if (text === false || text === "false") return false;
      throw new Error("expected true or false");
    case "Int": {
      const s = String(text).trim();
      if (!intRe.test(s)) throw new Error("expected an integer");
      const n = Number(s);
      if (n > 2147483647 || n < -2147483648) throw new Error("does not fit in 32 bits");
      return n;
    }
    case "BigInt": {
      const s = String(text).trim();
      if (!intRe.test(s)) throw new Error("expected an integer");
      return s;
    }
    case "Float": {
      const s = String(text).trim();
      if (!decRe.test(s)) throw new Error("expected a number");
      return Number(s);
    }
    case "Decimal": {
      const s = String(text).trim();
      if (!decRe.test(s)) throw new Error("expected a decimal number");
      return s;
    }
    case "DateTime": {
      const s = String(text).trim();
      const iso = /Z|[+-]\d\d:?\d\d$/.test(s) ? s : s + "Z"; // the editor is UTC
      const d = new Date(iso);
      if (isNaN(d.getTime())) throw new Error("expected a date and time (UTC)");
      return d.toISOString();
    }
    case "Json":
      try { return JSON.parse(text); } catch (e) { throw new Error("invalid JSON: " + e.message); }
    case "Bytes": {
      const s = String(text).trim();
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error("expected base64");
      return s;
    }
  }
  return text;
}

// editText is the text an editor starts with for a value.
export function editText(f, v) {
  if (v === null || v === undefined) return "";
  if (f.type === "Json") return JSON.stringify(v, null, 2);
  if (f.type === "DateTime") return String(v).replace(/Z$/, "").replace(/\.000$/, "");
  return String(v);
}

export function bytesLen(b64) {
  const s = String(b64);
  return Math.floor((s.length * 3) / 4) - (s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0);
}

// display is a value's short text in a grid cell.
export function display(f, v) {
  if (v === null || v === undefined) return null;
  if (f.list) return "[" + v.map((x) => display({ ...f, list: false }, x)).join(", ") + "]";
  switch (f.type) {
    case "Json": return JSON.stringify(v);
    case "Bytes": return `${bytesLen(v)} bytes · ${String(v).slice(0, 16)}${String(v).length > 16 ? "…" : ""}`;
    case "DateTime": return String(v).replace("T", " ").replace(/\.000Z$|Z$/, "") + " UTC";
    case "Boolean": return v ? "true" : "false";
  }
  return String(v);
}

// editable reports whether the studio lets a field be typed into.
export const editable = (f) => (f.kind === "scalar" || f.kind === "enum") && !f.list && !f.updatedAt;
