// The generic row filler of the push-verdict corpus (gen-push.sh).
//
//   node rows.mjs gen  <provider> <url>          prints one INSERT per table of the database
//   node rows.mjs exec <provider> <url> <file>   runs a rows file (one statement per line)
//
// gen reads the catalog (PostgreSQL schema "public" / SQLite sqlite_master) and writes ONE row per table:
// a value of the column's type for every NOT NULL column without a default, plus an explicit value for
// every column a foreign key references (so that children can point at it); NOT NULL foreign key columns
// take the parent's value. Tables are ordered parents first (then by name); nullable columns and columns
// with a default are left out (NULL / the default). Values are fixed per type (deterministic):
// integers and decimals 1, text 'a', booleans true, timestamps '2024-01-01 00:00:00', json '{}', bytes 0x01,
// uuid 00000000-0000-0000-0000-000000000001, enums their first value, PostgreSQL arrays '{}'.
// A type it does not know is an error: the case then needs a hand-written rows.sql (see gen-push.sh).
// Output: one statement per line, each ending in ';' — the Go test (corpus_push_test.go) splits on lines.
import { readFileSync } from 'node:fs';
const [,, mode, provider, url, file] = process.argv;

const q = (s) => '"' + s.replaceAll('"', '""') + '"';
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";

async function pgClient() {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}
async function sqliteDb() {
  const Database = (await import('better-sqlite3')).default;
  return new Database(url.replace(/^file:/, ''));
}

// catalog → { tables: [{name, columns: [{name, notNull, hasDefault, type}] }], fks: [{table, cols, ref, refCols}], enums: {name: [labels]} }
async function catalogPg() {
  const c = await pgClient();
  const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`)).rows.map((r) => r.table_name);
  const cols = (await c.query(`SELECT table_name, column_name, is_nullable, column_default, data_type, udt_name, is_identity, is_generated FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)).rows;
  const fks = (await c.query(`SELECT cl.relname AS tbl, fcl.relname AS ref,
      array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
      array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS refcols
    FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class fcl ON fcl.oid = con.confrelid
    JOIN pg_namespace ns ON ns.oid = cl.relnamespace WHERE con.contype = 'f' AND ns.nspname = 'public' ORDER BY cl.relname, con.conname`)).rows;
  const enums = {};
  for (const r of (await c.query(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace WHERE ns.nspname = 'public' ORDER BY t.typname, e.enumsortorder`)).rows) (enums[r.typname] ??= []).push(r.enumlabel);
  await c.end();
  return {
    tables: tables.map((t) => ({ name: t, columns: cols.filter((c) => c.table_name === t).map((c) => ({
      name: c.column_name, notNull: c.is_nullable === 'NO',
      hasDefault: c.column_default !== null || c.is_identity === 'YES' || c.is_generated === 'ALWAYS',
      type: c.data_type === 'USER-DEFINED' ? 'enum:' + c.udt_name : c.data_type === 'ARRAY' ? 'array' : c.data_type,
    })) })),
    fks: fks.map((f) => ({ table: f.tbl, cols: f.cols, ref: f.ref, refCols: f.refcols })),
    enums,
  };
}

async function catalogSqlite() {
  const db = await sqliteDb();
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`).all().map((r) => r.name);
  const out = { tables: [], fks: [], enums: {} };
  for (const t of tables) {
    const cols = db.prepare(`PRAGMA table_info(${q(t)})`).all();
    const pkCols = cols.filter((c) => c.pk > 0);
    out.tables.push({ name: t, columns: cols.map((c) => ({
      name: c.name,
      // an INTEGER PRIMARY KEY is the rowid: it fills itself
      notNull: c.notnull === 1 || (c.pk > 0 && !(pkCols.length === 1 && /^INTEGER$/i.test(c.type))),
      hasDefault: c.dflt_value !== null || (pkCols.length === 1 && c.pk > 0 && /^INTEGER$/i.test(c.type)),
      type: c.type.toUpperCase(),
    })) });
    const byId = new Map();
    for (const f of db.prepare(`PRAGMA foreign_key_list(${q(t)})`).all()) {
      if (!byId.has(f.id)) byId.set(f.id, { table: t, ref: f.table, cols: [], refCols: [], seq: [] });
      const e = byId.get(f.id); e.cols[f.seq] = f.from; e.refCols[f.seq] = f.to;
    }
    out.fks.push(...[...byId.values()].map(({ seq, ...f }) => f));
  }
  db.close();
  return out;
}

function valuePg(type, enums) {
  if (type.startsWith('enum:')) { const l = enums[type.slice(5)]; if (!l?.length) throw new Error(`enum ${type} has no values`); return lit(l[0]); }
  switch (type) {
    case 'smallint': case 'integer': case 'bigint': case 'numeric': case 'real': case 'double precision': case 'money': return '1';
    case 'text': case 'character varying': case 'character': case 'citext': return "'a'";
    case 'boolean': return 'true';
    case 'timestamp without time zone': case 'timestamp with time zone': return "'2024-01-01 00:00:00'";
    case 'date': return "'2024-01-01'";
    case 'time without time zone': case 'time with time zone': return "'00:00:00'";
    case 'json': case 'jsonb': return "'{}'";
    case 'bytea': return "'\\x01'";
    case 'uuid': return "'00000000-0000-0000-0000-000000000001'";
    case 'array': return "'{}'";
    case 'xml': return "'<a/>'";
    case 'inet': return "'127.0.0.1'";
    case 'bit': case 'bit varying': return "B'1'";
  }
  throw new Error(`no generic value for the PostgreSQL type ${type}: write the case's rows.sql by hand`);
}
function valueSqlite(type) {
  const base = type.replace(/\(.*$/, '').trim();
  switch (base) {
    case 'INTEGER': case 'INT': case 'BIGINT': case 'SMALLINT': case 'REAL': case 'FLOAT': case 'DOUBLE': case 'DECIMAL': case 'NUMERIC': return '1';
    case 'BOOLEAN': return 'true';
    case 'TEXT': case 'VARCHAR': case 'CHAR': return "'a'";
    case 'DATETIME': case 'DATE': return "'2024-01-01 00:00:00'";
    case 'JSONB': case 'JSON': return "'{}'";
    case 'BLOB': return "X'01'";
  }
  throw new Error(`no generic value for the SQLite type ${type}: write the case's rows.sql by hand`);
}

async function gen() {
  const cat = provider === 'postgresql' ? await catalogPg() : await catalogSqlite();
  const value = (col) => (provider === 'postgresql' ? valuePg(col.type, cat.enums) : valueSqlite(col.type));
  const referenced = new Set(cat.fks.flatMap((f) => f.refCols.map((c) => f.ref + '\0' + c)));
  const tables = new Map(cat.tables.map((t) => [t.name, t]));
  const rows = new Map(); // table → Map(column → literal)
  const lines = [];
  const visiting = new Set();
  const fill = (name) => {
    if (rows.has(name)) return;
    if (visiting.has(name)) throw new Error(`foreign key cycle through ${name}: write the case's rows.sql by hand`);
    visiting.add(name);
    const t = tables.get(name);
    const row = new Map();
    // own values first (a self relation may reference them)
    for (const c of t.columns) if ((c.notNull && !c.hasDefault) || referenced.has(name + '\0' + c.name)) row.set(c.name, value(c));
    for (const f of cat.fks.filter((f) => f.table === name)) {
      const required = f.cols.some((c) => t.columns.find((x) => x.name === c).notNull);
      if (!required) continue;
      let parent = row;
      if (f.ref !== name) { fill(f.ref); parent = rows.get(f.ref); }
      f.cols.forEach((c, i) => {
        if (!parent.has(f.refCols[i])) throw new Error(`${name}.${c} references ${f.ref}.${f.refCols[i]}, which has no value`);
        row.set(c, parent.get(f.refCols[i]));
      });
    }
    visiting.delete(name);
    rows.set(name, row);
    const cols = [...row.keys()];
    lines.push(cols.length === 0
      ? (provider === 'postgresql' ? `INSERT INTO ${q(name)} DEFAULT VALUES;` : `INSERT INTO ${q(name)} DEFAULT VALUES;`)
      : `INSERT INTO ${q(name)} (${cols.map(q).join(', ')}) VALUES (${cols.map((c) => row.get(c)).join(', ')});`);
  };
  for (const t of cat.tables) fill(t.name);
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
}

async function exec() {
  const stmts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('--'));
  if (provider === 'postgresql') {
    const c = await pgClient();
    try { for (const s of stmts) await c.query(s); } finally { await c.end(); }
  } else {
    const db = await sqliteDb();
    try { for (const s of stmts) db.exec(s); } finally { db.close(); }
  }
}

try { await (mode === 'gen' ? gen() : exec()); }
catch (e) { console.error('rows.mjs:', e.message); process.exit(1); }
