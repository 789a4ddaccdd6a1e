// npm run bench -- NAME [NAME…]   (no name: every benchmark)
// Each benchmark module exports run(): Promise<figures>; the last line printed is its JSON.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.includes('-lib'))
  .map((f) => f.slice(0, -3))
  .sort();
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = names.length > 0 ? names : available;
for (const name of chosen) {
  if (!available.includes(name)) {
    process.stderr.write(`unknown benchmark "${name}"; available: ${available.join(', ')}\n`);
    process.exit(2);
  }
}
for (const name of chosen) {
  const mod = (await import(join(here, `${name}.ts`))) as { run: () => Promise<Record<string, unknown>> };
  process.stderr.write(`bench ${name}: running…\n`);
  const figures = await mod.run();
  process.stdout.write(JSON.stringify({ bench: name, ...figures }) + '\n');
}
process.exit(0);
