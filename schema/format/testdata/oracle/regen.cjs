// regen.cjs rewrites every <name>.formatted in this folder from <name>.prisma by
// running Prisma's own formatter (@prisma/prisma-schema-wasm). Dev machine only.
// usage: node regen.cjs <node_modules dir>
'use strict';
const fs = require('fs');
const path = require('path');
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message(m) { process.stderr.write(`[wasm panic] ${m}\n`); } };
const psl = require(path.join(path.resolve(process.argv[2]), '@prisma', 'prisma-schema-wasm'));
const params = JSON.stringify({ textDocument: { uri: 'file:/dev/null' }, options: { tabSize: 2, insertSpaces: true } });
for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.prisma')).sort()) {
  const text = fs.readFileSync(path.join(__dirname, name), 'utf8');
  const out = JSON.parse(psl.format(JSON.stringify([['schema.prisma', text]]), params))[0][1];
  fs.writeFileSync(path.join(__dirname, name.replace(/\.prisma$/, '.formatted')), out);
}
