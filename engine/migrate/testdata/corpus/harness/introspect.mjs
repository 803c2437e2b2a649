// usage: node introspect.mjs <provider> <url> <schemaFile>
// Sends the engine's introspect RPC — what `prisma db pull` sends — with the schema file as the one to
// enrich, and prints the introspected schema byte for byte (the CLI writes exactly these bytes into the
// file, or to stdout with --print). Warnings go to stderr as the CLI prints them. Copied from the shared oracle's
// ops.mjs (its `introspect` op), reduced to that one call.
import { openEngine } from './engine.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [,, provider, url, schemaFile] = process.argv;
const content = readFileSync(schemaFile, 'utf8');
const sp = path.resolve(schemaFile);
const engine = await openEngine(provider, url, sp, content);
try {
  const r = await engine.introspect({ schema: { files: [{ path: sp, content }] }, baseDirectoryPath: path.dirname(sp), force: false, compositeTypeDepth: -1, namespaces: null });
  if (r.warnings) process.stderr.write(r.warnings);
  const text = r.schema.files.map(f => f.content).join('');
  // exit once written: the pg adapter's idle pool would otherwise keep Node alive for ~10 s
  process.stdout.write(text, () => process.exit(0));
} catch (e) { console.error('ERROR:', e.message); process.exit(1); }
