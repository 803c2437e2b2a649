// usage: node push.mjs <provider> <url> <schemaFile>
// Sends the engine's schemaPush RPC without force — what `prisma db push` (no --accept-data-loss) sends —
// and prints its verdict as JSON: {"warnings": [...], "unexecutable": [...], "executedSteps": n}.
// Without warnings and unexecutable steps the engine applies the change (executedSteps > 0); if that
// fails in the database, the output is {"warnings": [], "unexecutable": [], "applyError": "<first line>"}.
// Copied from the shared oracle's ops.mjs (its `push` op), reduced to that one call.
import { openEngine, FILTERS } from './engine.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [,, provider, url, schemaFile] = process.argv;
const content = readFileSync(schemaFile, 'utf8');
const sp = path.resolve(schemaFile);
const engine = await openEngine(provider, url, sp, content);
try {
  const r = await engine.schemaPush({ force: false, schema: { files: [{ path: sp, content }] }, filters: FILTERS });
  const out = { warnings: r.warnings ?? [], unexecutable: r.unexecutable ?? [], executedSteps: r.executedSteps ?? 0 };
  // exit once written: the pg adapter's idle pool would otherwise keep Node alive for ~10 s
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
} catch (e) {
  // The engine applies only a change without warnings and unexecutable steps (force is off), so an error
  // raised while applying means the verdict was clean: report it with the database's error.
  if (/apply_migration::apply_migration/.test(e.message)) {
    const out = { warnings: [], unexecutable: [], applyError: e.message.split('\n')[0] };
    process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
  } else { console.error('ERROR:', e.message); process.exit(1); }
}
