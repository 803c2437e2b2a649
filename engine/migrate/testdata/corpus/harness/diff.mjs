// usage: node diff.mjs <provider> <url> <from: "empty"|schemaFile> <to: "empty"|schemaFile> [--summary]
import { openEngine, FILTERS } from './engine.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [,, provider, url, from, to, flag] = process.argv;
const target = (f) => f === 'empty' ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: path.resolve(f), content: readFileSync(f, 'utf8') }] };
const anyFile = [from, to].find(f => f !== 'empty');
const engine = await openEngine(provider, url, path.resolve(anyFile), readFileSync(anyFile, 'utf8'));
try {
  const res = await engine.diff({ from: target(from), to: target(to), script: flag !== '--summary', exitCode: null, filters: FILTERS });
  // exit once written: the pg adapter's idle pool would otherwise keep Node alive for ~10 s
  process.stdout.write(res.stdout ?? '', () => process.exit(0));
} catch (e) { console.error('ERROR:', e.message); process.exit(1); }
