// gen.cjs writes random-but-plausible Prisma schemas and what Prisma's own
// validator (@prisma/prisma-schema-wasm, the version in ../corpus/ORACLE_VERSION)
// says about each, into cases.jsonl: one JSON object a line,
// {"name", "schema", "validate"}, where validate is "ok\n" or Prisma's
// P1012 message followed by one "\n" (the corpus convention). The Go test
// (schema/schemafuzz_test.go) holds our validator to every stored verdict.
// A development tool: CI never runs it, it only reads cases.jsonl.
//
// usage: node schema/testdata/schemafuzz/gen.cjs <node_modules dir> [count] [first seed]
//
// Each case is made from its seed alone (a small PRNG, no Math.random), so
// the same command always writes the same file. The schemas mix providers
// (sqlite, postgresql, mysql), relations (1:1, 1:n, self, implicit m:n),
// field and block attributes, native types, enums, composite ids,
// multi-schema PostgreSQL, and a few deliberate mistakes each.
'use strict';

const fs = require('fs');
const path = require('path');

globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(m) {
    process.stderr.write(`[wasm panic] ${m}\n`);
  },
};

function rng(seed) {
  let a = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    f: next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

const scalars = ['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes'];

// Native types per provider and scalar (a wrong pairing is a mistake Prisma names).
const native = {
  postgresql: {
    String: ['@db.Text', '@db.VarChar(255)', '@db.Char(10)', '@db.Uuid', '@db.Xml', '@db.Inet', '@db.Citext', '@db.Bit(2)'],
    Int: ['@db.Integer', '@db.SmallInt', '@db.Oid'],
    BigInt: ['@db.BigInt'],
    Float: ['@db.DoublePrecision', '@db.Real'],
    Decimal: ['@db.Decimal(10, 2)', '@db.Money', '@db.Decimal'],
    Boolean: ['@db.Boolean'],
    DateTime: ['@db.Timestamp(3)', '@db.Timestamptz(6)', '@db.Date', '@db.Time(2)', '@db.Timetz'],
    Json: ['@db.Json', '@db.JsonB'],
    Bytes: ['@db.ByteA'],
  },
  mysql: {
    String: ['@db.VarChar(191)', '@db.Text', '@db.Char(36)', '@db.TinyText', '@db.LongText', '@db.MediumText'],
    Int: ['@db.Int', '@db.TinyInt', '@db.SmallInt', '@db.MediumInt', '@db.UnsignedInt', '@db.Year'],
    BigInt: ['@db.BigInt', '@db.UnsignedBigInt'],
    Float: ['@db.Double', '@db.Float'],
    Decimal: ['@db.Decimal(10, 2)', '@db.Decimal'],
    Boolean: ['@db.TinyInt(1)', '@db.Bit(1)'],
    DateTime: ['@db.DateTime(3)', '@db.Date', '@db.Timestamp(0)', '@db.Time'],
    Json: ['@db.Json'],
    Bytes: ['@db.Blob', '@db.LongBlob', '@db.VarBinary(16)', '@db.Binary(16)'],
  },
  sqlite: {},
};

function defaultFor(r, type, provider, oops) {
  if (oops(0.3)) return r.pick(['@default(1)', '@default("x")', '@default(now())', '@default(autoincrement())', '@default(1.5)', '@default(true)', '@default(A)', '@default(nope())', '@default()']);
  switch (type) {
    case 'String':
      return r.pick(['@default("x")', '@default(uuid())', '@default(cuid())', '@default(cuid(2))', '@default(uuid(7))', '@default(nanoid())', '@default(nanoid(8))', '@default(ulid())', '@default(dbgenerated("gen()"))']);
    case 'Int':
    case 'BigInt':
      return r.pick(['@default(0)', '@default(42)', '@default(autoincrement())', '@default(-1)', '@default(dbgenerated("1"))']);
    case 'Float':
    case 'Decimal':
      return r.pick(['@default(1.5)', '@default(0)', '@default(-2.25)']);
    case 'Boolean':
      return r.pick(['@default(true)', '@default(false)']);
    case 'DateTime':
      return r.pick(['@default(now())', '@default("2020-01-01T00:00:00Z")', '@default("2020-01-01T00:00:00.000+01:00")']);
    case 'Json':
      return r.pick(['@default("{}")', '@default("[1,2]")', '@default("{\\"a\\": 1}")']);
    case 'Bytes':
      return r.pick(['@default("")', '@default("aGVsbG8=")']);
    default:
      return '@default(' + r.pick(['A', 'B', 'Zed']) + ')';
  }
}

const modelNames = ['User', 'Post', 'Comment', 'Tag', 'Profile', 'Account', 'Order', 'Item', 'Team', 'Node'];
const fieldNames = ['name', 'title', 'email', 'count', 'score', 'price', 'active', 'createdAt', 'updatedAt', 'data', 'blob', 'code', 'slug', 'rank', 'body'];

function genSchema(seed) {
  const r = rng(seed);
  // About half the schemas get deliberate mistakes, each at its own rate.
  const sloppy = r.chance(0.5);
  const oops = (p) => sloppy && r.chance(p * 2);
  const provider = r.pick(['sqlite', 'postgresql', 'postgresql', 'mysql']);
  const multi = provider !== 'sqlite' ? r.chance(0.12) : r.chance(0.02);
  const schemas = ['base', 'audit'];
  const out = [];
  out.push('datasource db {\n  provider = "' + provider + '"');
  if (multi) out.push('  schemas  = ' + (oops(0.05) ? '[]' : '["base", "audit"' + (oops(0.05) ? ', "base"' : '') + ']'));
  if (r.chance(0.05)) out.push('  relationMode = "prisma"');
  out.push('}\n');
  if (r.chance(0.3)) {
    const prev = r.chance(0.5) ? [] : [r.pick(['multiSchema', 'views', 'relationJoins', 'fullTextSearchPostgres', 'postgresqlExtensions', 'nope'])];
    out.push('generator client {\n  provider = "prisma-client-js"' + (prev.length ? '\n  previewFeatures = ["' + prev[0] + '"]' : '') + '\n}\n');
  }
  const schemaAttr = () => {
    if (!multi || oops(0.06)) return [];
    return ['@@schema("' + (oops(0.05) ? 'missing' : r.pick(schemas)) + '")'];
  };

  const nModels = 1 + r.int(5);
  const names = modelNames.slice(r.int(4)).slice(0, nModels);
  const enums = [];
  if (r.chance(0.4)) {
    const en = r.pick(['Role', 'Status', 'Kind']);
    enums.push(en);
    const vals = oops(0.05) ? ['A', 'A'] : ['A', 'B', 'Zed'];
    const extra = [];
    if (r.chance(0.15)) extra.push('@@map("' + en.toLowerCase() + '")');
    extra.push(...schemaAttr());
    out.push('enum ' + en + ' {\n' + vals.map((v) => '  ' + v).join('\n') + (extra.length ? '\n\n  ' + extra.join('\n  ') : '') + '\n}\n');
  }
  if (r.chance(0.05) && provider === 'sqlite') {
    // enums on sqlite are allowed in Prisma 7; keep some anyway
  }

  // The models: each gets an id, some scalars, and relation stubs filled in below.
  const models = names.map((n) => ({ name: n, fields: [], attrs: [], idType: 'Int', compositeId: false }));
  for (const m of models) {
    const idKind = r.f();
    if (idKind < 0.1) {
      m.compositeId = true;
      m.fields.push('  a Int', '  b String' + (provider === 'mysql' && r.chance(0.5) ? ' @db.VarChar(191)' : ''));
      m.attrs.push(!oops(0.1) ? '@@id([a, b]' + (r.chance(0.2) ? ', name: "ab"' : '') + (r.chance(0.15) ? ', map: "ab_pk"' : '') + ')' : '@@id([a, nope])');
    } else if (idKind < 0.13) {
      // no id at all: a unique instead, or nothing (a mistake) unless ignored
      m.fields.push('  key String @unique');
      if (!oops(0.3)) m.attrs.push('@@ignore');
    } else {
      const t = r.pick(['Int', 'Int', 'String', 'BigInt']);
      m.idType = t;
      let f = '  id ' + t + ' @id';
      if (t === 'Int' || t === 'BigInt') f += r.chance(0.7) ? ' @default(autoincrement())' : '';
      else f += r.chance(0.7) ? ' ' + r.pick(['@default(uuid())', '@default(cuid())', '@default(dbgenerated("gen_random_uuid()"))']) : '';
      if (r.chance(0.1)) f += ' @map("' + m.name.toLowerCase() + '_id")';
      if (oops(0.03)) f += ' @id';
      if (provider === 'postgresql' && t === 'String' && r.chance(0.2)) f += ' @db.Uuid';
      if (provider === 'mysql' && t === 'String' && r.chance(0.3)) f += ' @db.VarChar(191)';
      m.fields.push(f);
    }
    const nScalars = r.int(5);
    const used = new Set();
    for (let i = 0; i < nScalars; i++) {
      let fname = r.pick(fieldNames);
      if (used.has(fname) && !oops(0.03)) continue;
      used.add(fname);
      let type = r.chance(0.15) && enums.length ? enums[0] : r.pick(scalars);
      if (oops(0.03)) type = r.pick(['Strin', 'Role']);
      else if (r.chance(0.03)) type = r.pick(['Unsupported("geometry")', 'Unsupported("circle")']);
      const opt = r.chance(0.3) ? '?' : r.chance(0.06) ? '[]' : '';
      const attrs = [];
      if (r.chance(0.25) && !type.startsWith('Unsupported') && opt !== '[]') attrs.push(defaultFor(r, type, provider, oops));
      if (r.chance(0.12)) attrs.push('@unique' + (r.chance(0.2) ? '(map: "' + fname + '_uq")' : ''));
      if (r.chance(0.1)) attrs.push('@map("' + fname + '_col")');
      if (type === 'DateTime' ? r.chance(0.25) : oops(0.02)) attrs.push('@updatedAt');
      if (type.startsWith('Unsupported') ? oops(0.2) : r.chance(0.05)) attrs.push('@ignore');
      const nt = native[provider][type];
      if (nt && r.chance(0.3)) attrs.push(r.pick(nt));
      else if (oops(0.03)) attrs.push(r.pick(['@db.Text', '@db.Uuid', '@db.VarChar(10)', '@db.Nope']));
      if (oops(0.02)) attrs.push(r.pick(['@id', '@relation', '@nope', '@default()', '@map(1)']));
      m.fields.push('  ' + fname + ' ' + type + opt + (attrs.length ? ' ' + attrs.join(' ') : ''));
      if (r.chance(0.12) && opt !== '[]') {
        m.attrs.push(r.pick(['@@index([' + fname + '])', '@@unique([' + fname + '])', '@@index([' + fname + '], map: "ix_' + fname + '")', '@@unique([' + fname + '], name: "u_' + fname + '")',
          '@@index([' + fname + '(sort: Desc)])', '@@index([' + fname + '], type: ' + r.pick(['Hash', 'Gin', 'BTree', 'Brin']) + ')', '@@fulltext([' + fname + '])', '@@unique([' + fname + '(length: 10)])', '@@index([id, ' + fname + '])']));
      }
    }
    if (oops(0.03)) m.attrs.push('@@index([nope])');
    if (r.chance(0.12)) m.attrs.push('@@map("' + (oops(0.1) ? 'shared' : m.name.toLowerCase() + 's') + '")');
    if (r.chance(0.04)) m.attrs.push('@@ignore');
    m.attrs.push(...schemaAttr());
  }

  // Relations: to-many / to-one / one-to-one between random pairs, self, m:n.
  const nRel = models.length > 0 ? r.int(models.length + 1) : 0;
  let relNo = 0;
  for (let i = 0; i < nRel; i++) {
    const a = r.pick(models);
    const b = r.chance(0.15) ? a : r.pick(models);
    const kind = r.pick(['1n', '1n', '11', 'mn']);
    relNo++;
    const named = a === b || r.chance(0.2);
    const rname = named ? 'R' + relNo : null;
    const relArg = (extra) => {
      const parts = [];
      if (rname) parts.push('"' + rname + '"');
      if (extra) parts.push(extra);
      return parts.length ? ' @relation(' + parts.join(', ') + ')' : '';
    };
    const fa = b.name.toLowerCase() + relNo;
    const fb = a.name.toLowerCase() + relNo + 's';
    if (kind === 'mn') {
      if (a.compositeId || b.compositeId) continue;
      a.fields.push('  ' + fa + 's ' + b.name + '[]' + relArg());
      if (!oops(0.05)) b.fields.push('  ' + (a === b ? fb + 'Back' : fb) + ' ' + a.name + '[]' + relArg());
      continue;
    }
    // a holds the foreign key to b.
    let fkFields, refs;
    if (b.compositeId) {
      fkFields = [fa + 'A', fa + 'B'];
      refs = ['a', 'b'];
      a.fields.push('  ' + fkFields[0] + ' Int' + (r.chance(0.3) ? '?' : ''), '  ' + fkFields[1] + ' String' + (provider === 'mysql' && r.chance(0.5) ? ' @db.VarChar(191)' : ''));
    } else if (b.fields[0].startsWith('  key ')) {
      fkFields = [fa + 'Key'];
      refs = ['key'];
      a.fields.push('  ' + fkFields[0] + ' String' + (kind === '11' ? ' @unique' : ''));
    } else {
      fkFields = [fa + 'Id'];
      refs = ['id'];
      const t = oops(0.05) ? (b.idType === 'Int' ? 'String' : 'Int') : b.idType;
      const opt = a === b || r.chance(0.4) ? '?' : '';
      a.fields.push('  ' + fkFields[0] + ' ' + t + opt + (kind === '11' && !oops(0.1) ? ' @unique' : ''));
    }
    const optional = a.fields[a.fields.length - 1].includes('?') ? '?' : '';
    let extra = 'fields: [' + fkFields.join(', ') + '], references: [' + refs.join(', ') + ']';
    if (r.chance(0.15)) extra += ', onDelete: ' + r.pick(['Cascade', 'SetNull', 'Restrict', 'NoAction', 'SetDefault', oops(0.2) ? 'Nope' : 'Cascade']);
    if (r.chance(0.08)) extra += ', onUpdate: ' + r.pick(['Cascade', 'SetNull', 'Restrict']);
    if (r.chance(0.08)) extra += ', map: "' + fa + '_fk"';
    if (oops(0.04)) extra = 'fields: [' + fkFields.join(', ') + ']';
    a.fields.push('  ' + fa + ' ' + b.name + (oops(0.04) ? '' : optional) + relArg(extra));
    if (!oops(0.06)) b.fields.push('  ' + fb.replace(/s$/, kind === '11' ? '' : 's') + ' ' + a.name + (kind === '11' ? '?' : '[]') + relArg());
  }

  if (seed > 2000) extras(rng(seed ^ 0x5bd1e995), provider, models, enums, out, sloppy);
  if (seed > 3000) extras2(rng(seed ^ 0x27d4eb2f), provider, models, enums, out, sloppy);
  if (seed > 4000) extras3(rng(seed ^ 0x165667b1), provider, models, enums, out, sloppy);

  for (const m of models) {
    let body = m.fields.join('\n');
    if (m.attrs.length) body += '\n\n  ' + m.attrs.join('\n  ');
    out.push('model ' + m.name + ' {\n' + body + '\n}\n');
  }
  return out.join('\n');
}

// extras adds what seeds from 2001 on also get (the first 2000 schemas stay
// as they were): scalar lists, compound uniques and relations to them, doc
// comments, enum value maps, named primary keys, views, relation-field
// mistakes. It has its own PRNG stream.
function extras(r, provider, models, enums, out, sloppy) {
  const oops = (p) => sloppy && r.chance(p * 2);
  for (const m of models) {
    if (r.chance(0.15)) m.fields.unshift('  /// ' + r.pick(['The primary record.', 'Kept for audits.']));
    if (r.chance(0.15)) {
      const t = r.pick(['String', 'Int', 'Float', 'Boolean', 'DateTime', 'Decimal', 'BigInt', 'Json']);
      const def = r.chance(0.5) ? '' : ' ' + r.pick(['@default([])', t === 'Int' || t === 'BigInt' ? '@default([1, 2])' : t === 'String' ? '@default(["a"])' : t === 'Boolean' ? '@default([true])' : '@default([])']);
      m.fields.push('  tags ' + t + '[]' + def);
    }
    if (r.chance(0.15) && !m.compositeId) {
      m.fields.push('  k1 Int' + (oops(0.1) ? '?' : ''), '  k2 String' + (provider === 'mysql' ? ' @db.VarChar(64)' : ''));
      m.attrs.push('@@unique([k1, k2]' + (r.chance(0.3) ? ', name: "k12"' : '') + (r.chance(0.2) ? ', map: "k12_key"' : '') + ')');
      const other = r.pick(models);
      if (other !== m && !other.attrs.includes('@@ignore') && r.chance(0.7)) {
        const fn = 'via' + m.name;
        other.fields.push('  ' + fn + 'K1 Int?', '  ' + fn + 'K2 String?' + (provider === 'mysql' ? ' @db.VarChar(64)' : ''));
        other.fields.push('  ' + fn + ' ' + m.name + '? @relation("V' + m.name + '", fields: [' + fn + 'K1, ' + fn + 'K2], references: [k1, ' + (oops(0.1) ? 'id' : 'k2') + ']' + (r.chance(0.2) ? ', onDelete: ' + r.pick(['Cascade', 'SetNull', 'NoAction']) : '') + ')');
        m.fields.push('  back' + other.name + 's ' + other.name + '[] @relation("V' + m.name + '")');
      }
    }
    if (m.fields.some((f) => f.startsWith('  id ')) && r.chance(0.1)) {
      m.fields = m.fields.map((f) => (f.startsWith('  id ') ? f.replace('@id', '@id(map: "' + m.name.toLowerCase() + '_pk")') : f));
    }
    if (oops(0.03)) {
      const rel = m.fields.findIndex((f) => / @relation\(/.test(f));
      if (rel >= 0) m.fields[rel] += r.pick([' @map("x")', ' @default(1)', ' @unique', ' @id']);
    }
  }
  if (enums.length && r.chance(0.3)) {
    const i = out.findIndex((b) => b.startsWith('enum '));
    if (i >= 0) out[i] = out[i].replace('  A\n', '  A @map("a_val")\n');
  }
  if (r.chance(0.08)) {
    if (r.chance(0.6)) out.push('generator views {\n  provider        = "prisma-client-js"\n  previewFeatures = ["views"]\n}\n');
    out.push('view ' + r.pick(['Summary', 'UserInfo']) + ' {\n  id   Int' + (r.chance(0.5) ? ' @unique' : '') + '\n  name String\n}\n');
  }
}

// extras2 adds, from seed 3001 on: native type arguments right and wrong,
// defaults of every kind (lists, functions only some databases have),
// sorted and named compound keys, column-name clashes, fulltext on
// PostgreSQL, and SetDefault / NoAction where databases differ.
function extras2(r, provider, models, enums, out, sloppy) {
  const oops = (p) => sloppy && r.chance(p * 2);
  for (const m of models) {
    if (r.chance(0.2)) {
      const nt = r.pick(['@db.VarChar(' + r.pick(['10', '300', '70000', '1, 2', '']) + ')', '@db.Char(' + r.pick(['1', '256', '']) + ')', '@db.Decimal(' + r.pick(['10, 2', '65, 30', '100, 2', '2']) + ')', '@db.Timestamp(' + r.pick(['0', '6', '7']) + ')', '@db.Bit(' + r.pick(['1', '64', '65']) + ')']);
      const t = nt.includes('Decimal') ? 'Decimal' : nt.includes('Timestamp') ? 'DateTime' : nt.includes('Bit') ? r.pick(['String', 'Boolean', 'Bytes']) : 'String';
      m.fields.push('  n' + m.fields.length + ' ' + t + ' ' + nt);
    }
    if (r.chance(0.15)) {
      m.fields.push('  d' + m.fields.length + ' ' + r.pick([
        'String @default(cuid(3))', 'String @default(uuid(5))', 'String @default(nanoid(1))', 'Int @default(sequence())', 'String @default(auto())',
        'Decimal @default("1.50")', 'Decimal @default(1.5e3)', 'DateTime @default(now(1))', 'Int[] @default([1, "a"])', 'String[] @default("a")',
        'BigInt @default(9223372036854775807)', 'Int @default(2147483648)', 'Float @default(1e400)', 'Bytes @default("!!")', 'Json @default("{\\"a\\": }")',
      ]));
    }
    if (r.chance(0.12) && m.fields.some((f) => f.startsWith('  id '))) {
      m.attrs.push(r.pick(['@@index([id(sort: Desc)], map: "' + m.name + '_id_idx")', '@@unique([id(sort: Asc)])', '@@index([id], name: "x")', '@@unique(fields: [id], map: "' + m.name + '_pkey")', '@@index([id, id])']));
    }
    if (oops(0.05)) m.fields.push('  dupcol Int @map("id")');
    if (oops(0.04)) m.attrs.push('@@map("' + models[0].name + '")');
    if (r.chance(0.05) && provider === 'postgresql') {
      m.fields.push('  fts String');
      m.attrs.push('@@fulltext([fts])');
      if (r.chance(0.5)) out.push('generator fts {\n  provider        = "prisma-client-js"\n  previewFeatures = ["fullTextSearchPostgres"]\n}\n');
    }
    for (let i = 0; i < m.fields.length; i++) {
      if (m.fields[i].includes('@relation(') && m.fields[i].includes('fields:') && r.chance(0.1)) {
        m.fields[i] = m.fields[i].replace(/\)$/, ', onDelete: ' + r.pick(['SetDefault', 'NoAction', 'Restrict']) + ')');
      }
    }
  }
}

// extras3 adds, from seed 4001 on: @ignore and @@ignore around relations,
// named relation arguments, referential actions on many-to-many sides,
// @updatedAt with defaults, unique Json/Bytes, sorted and named ids,
// reserved model and field names.
function extras3(r, provider, models, enums, out, sloppy) {
  const oops = (p) => sloppy && r.chance(p * 2);
  for (const m of models) {
    for (let i = 0; i < m.fields.length; i++) {
      const f = m.fields[i];
      if (/ @relation\("R\d+"/.test(f) && r.chance(0.1)) m.fields[i] = f.replace(/@relation\("(R\d+)"/, '@relation(name: "$1"');
      if (/\[\] @relation/.test(f) && oops(0.05)) m.fields[i] = f.replace(/\)$/, ', onDelete: Cascade)');
      if (/ @relation/.test(f) && r.chance(0.05)) m.fields[i] += ' @ignore';
      if (/^  \w+ DateTime @updatedAt/.test(f) && r.chance(0.3)) m.fields[i] += ' @default(now())';
    }
    if (r.chance(0.08)) m.fields.push('  blobby ' + r.pick(['Json', 'Bytes']) + ' @unique');
    if (oops(0.04)) m.fields.push('  ' + r.pick(['_hidden', 'select', 'AND', 'include']) + ' Int?');
    if (r.chance(0.06) && m.fields.some((f) => f.startsWith('  id '))) {
      m.fields = m.fields.map((f) => (f.startsWith('  id ') ? f.replace(/@id(\([^)]*\))?/, '@id(' + r.pick(['sort: Desc', 'length: 10', 'map: "pk_' + m.name + '", sort: Asc', 'clustered: true']) + ')') : f));
    }
    if (r.chance(0.05)) m.attrs.push('@@ignore');
  }
  if (oops(0.03) && models.length) models[0].name = r.pick(['Prisma', 'PrismaClient', 'Promise', 'model']);
}

function validate(psl, text) {
  try {
    psl.validate(JSON.stringify({ prismaSchema: [['schema.prisma', text]], noColor: true }));
    return 'ok\n';
  } catch (e) {
    let msg;
    try {
      msg = JSON.parse(e.message).message;
    } catch (_) {
      msg = 'non-JSON error: ' + e.message;
    }
    return msg + '\n';
  }
}

function main() {
  const nm = process.argv[2];
  if (!nm) {
    process.stderr.write('usage: node gen.cjs <node_modules dir> [count] [first seed]\n');
    process.exit(2);
  }
  const count = Number(process.argv[3] || 5000);
  const first = Number(process.argv[4] || 1);
  const psl = require(path.join(path.resolve(nm), '@prisma', 'prisma-schema-wasm'));
  const lines = [];
  let ok = 0;
  for (let s = first; s < first + count; s++) {
    const schema = genSchema(s);
    const v = validate(psl, schema);
    if (v === 'ok\n') ok++;
    lines.push(JSON.stringify({ name: 'seed' + s, schema, validate: v }));
  }
  fs.writeFileSync(path.join(__dirname, 'cases.jsonl'), lines.join('\n') + '\n');
  process.stdout.write(`${count} cases: ${ok} valid, ${count - ok} invalid\n`);
}

if (require.main === module) main();
module.exports = { genSchema };
