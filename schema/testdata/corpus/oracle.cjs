// oracle.cjs regenerates every `<case>.expected/` directory of this corpus from
// the `.prisma` inputs by running Prisma's own schema engine compiled to wasm
// (@prisma/prisma-schema-wasm). It is a development tool: CI never runs it; the
// Go golden test only reads the files it writes.
//
// usage: node schema/testdata/corpus/oracle.cjs <node_modules dir> [case ...]
//
// Conventions (README.md explains why):
//   - a single-file case `<name>.prisma` is passed to Prisma as "schema.prisma";
//   - a folder case `<name>/` is passed as all its .prisma files at once, each
//     named by its path relative to the folder ("/"-separated), sorted;
//   - validate.txt is "ok\n" or Prisma's message followed by one "\n";
//   - format.prisma (format/<file> for folders) exists only when `prisma format`
//     would write it: the CLI formats, then validates the formatted text and
//     refuses when that fails;
//   - dmmf.json exists only for valid schemas.
'use strict';

const fs = require('fs');
const path = require('path');

// The wasm module reports Rust panics through this global; without it a panic
// surfaces as an opaque "unreachable" trap.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(m) {
    process.stderr.write(`[wasm panic] ${m}\n`);
  },
};

function main() {
  const nm = process.argv[2];
  if (!nm) {
    process.stderr.write('usage: node oracle.cjs <node_modules dir> [case ...]\n');
    process.exit(2);
  }
  const pkgDir = path.join(path.resolve(nm), '@prisma', 'prisma-schema-wasm');
  const psl = require(pkgDir);
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

  const root = __dirname;
  const only = new Set(process.argv.slice(3));
  const cases = listCases(root).filter((c) => only.size === 0 || only.has(c.name));
  const summary = { valid: 0, invalid: 0, formatted: 0 };
  for (const c of cases) {
    const r = runCase(psl, c);
    writeExpected(root, c, r);
    if (r.valid) summary.valid++;
    else summary.invalid++;
    if (r.format) summary.formatted++;
    process.stdout.write(`${r.valid ? 'valid  ' : 'INVALID'} ${r.format ? 'fmt' : '---'} ${c.name}\n`);
  }
  fs.writeFileSync(path.join(root, 'ORACLE_VERSION'), `@prisma/prisma-schema-wasm ${version}\n`);
  process.stdout.write(
    `${cases.length} cases: ${summary.valid} valid, ${summary.invalid} invalid, ${summary.formatted} with format output\n`,
  );
}

// listCases finds `<name>.prisma` files and `<name>/` folders (not `.expected`).
function listCases(root) {
  const out = [];
  for (const ent of fs.readdirSync(root, { withFileTypes: true })) {
    if (ent.isFile() && ent.name.endsWith('.prisma')) {
      const text = fs.readFileSync(path.join(root, ent.name), 'utf8');
      out.push({ name: ent.name.slice(0, -'.prisma'.length), folder: false, files: [['schema.prisma', text]] });
    } else if (ent.isDirectory() && !ent.name.endsWith('.expected') && !ent.name.startsWith('.')) {
      const files = collect(path.join(root, ent.name), '');
      if (files.length > 0) out.push({ name: ent.name, folder: true, files });
    }
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function collect(dir, rel) {
  const files = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) files.push(...collect(path.join(dir, ent.name), r));
    else if (ent.name.endsWith('.prisma')) files.push([r, fs.readFileSync(path.join(dir, ent.name), 'utf8')]);
  }
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return files;
}

function validate(psl, files) {
  try {
    psl.validate(JSON.stringify({ prismaSchema: files, noColor: true }));
    return null;
  } catch (e) {
    const err = JSON.parse(e.message);
    if (err.error_code !== 'P1012') process.stderr.write(`note: error code ${err.error_code}\n`);
    return err.message;
  }
}

const FORMAT_PARAMS = JSON.stringify({
  textDocument: { uri: 'file:/dev/null' },
  options: { tabSize: 2, insertSpaces: true },
});

function runCase(psl, c) {
  const r = {};
  const msg = validate(psl, c.files);
  r.valid = msg === null;
  r.validate = r.valid ? 'ok\n' : msg + '\n';

  // prisma format: format, then validate the result; refuse when invalid.
  const formatted = JSON.parse(psl.format(JSON.stringify(c.files), FORMAT_PARAMS));
  if (validate(psl, formatted) === null) r.format = formatted;

  const lint = JSON.parse(psl.lint(JSON.stringify(c.files)));
  let config = null;
  try {
    config = JSON.parse(
      psl.get_config(
        JSON.stringify({ prismaSchema: c.files, datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} }),
      ),
    );
  } catch (e) {
    config = null;
  }
  r.warnings = {
    lint: lint.filter((d) => d.is_warning),
    config: config && config.config ? config.config.warnings : [],
  };
  if (config && config.config) {
    r.config = { datasources: config.config.datasources, generators: config.config.generators };
  }

  if (r.valid) {
    r.dmmf = JSON.parse(psl.get_dmmf(JSON.stringify({ prismaSchema: c.files, noColor: true }))).datamodel;
  }
  return r;
}

function writeExpected(root, c, r) {
  const dir = path.join(root, `${c.name}.expected`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const json = (v) => JSON.stringify(v, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'validate.txt'), r.validate);
  fs.writeFileSync(path.join(dir, 'warnings.json'), json(r.warnings));
  if (r.config) fs.writeFileSync(path.join(dir, 'config.json'), json(r.config));
  if (r.dmmf) fs.writeFileSync(path.join(dir, 'dmmf.json'), json(r.dmmf));
  if (r.format) {
    if (!c.folder) {
      fs.writeFileSync(path.join(dir, 'format.prisma'), r.format[0][1]);
    } else {
      for (const [name, text] of r.format) {
        const p = path.join(dir, 'format', name);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, text);
      }
    }
  }
}

main();
