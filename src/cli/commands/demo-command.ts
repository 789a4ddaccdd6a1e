import type { Command } from 'commander';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../../app/demo/run-demo.js';
import type { Decision } from '../../domain/decision.js';
import { cliClock } from '../cli-context.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';
import { printDecision } from './verify-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('gate a realistic sample release end to end in a fresh workspace on the embedded SQLite store')
    .option('--dir <dir>', 'workspace to create (default: a new temporary directory)')
    .option('--json', 'print every step as JSON')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'mc-demo-'));
      // The built entry point, named in NEXT.md when it exists (not when run from source).
      const bin = fileURLToPath(new URL('../main.js', import.meta.url));
      const quiet = { say: () => {}, decision: () => {} };
      const loud = {
        say: (text: string) => console.log(text),
        decision: (d: Decision) => printDecision(d, 'recorded'),
      };
      const result = await runDemo(dir, cliClock(), opts.json ? quiet : loud, existsSync(bin) ? bin : undefined);
      if (opts.json)
        printJson({
          workspace: result.workspace,
          digest: result.digest,
          ok: result.ok,
          files: result.files,
          steps: result.steps,
        });
      throw new ExitRequest(result.ok ? EXIT.ok : EXIT.deny);
    });
}
