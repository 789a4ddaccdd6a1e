import type { Command } from 'commander';
import { rotationEntry } from '../../ledger/rotation-attestation.js';
import { cliClock } from '../cli-context.js';
import { printJson } from '../cli-output.js';
import { localPrincipal } from '../local-principal.js';
import { withLedgerService } from './ledger-command.js';

const collect = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function registerAttest(program: Command): void {
  const attest = program.command('attest').description('record attestations in the ledger');
  attest
    .command('rotation')
    .description(
      'record who rotated which secrets and when: item NAMES only; values that look like secrets are refused (exit 2)',
    )
    .requiredOption('--subject <who>', 'the person or system that rotated the secrets')
    .requiredOption('--items <names>', 'secret names, comma-separated; repeatable', collect)
    .option('--rotated-at <time>', 'when (ISO 8601, UTC, e.g. 2026-11-22T10:00:00Z); default now')
    .option('--json', 'print the recorded entry and its index as JSON')
    .action(async (opts: { subject: string; items: string[]; rotatedAt?: string; json?: boolean }) => {
      const at = cliClock()().toISOString();
      const entry = rotationEntry(
        // Who records it is the local user (`cli:<os-user>`); the subject is who rotated.
        { subject: opts.subject, items: opts.items, rotatedAt: opts.rotatedAt ?? at, actor: localPrincipal().label },
        at,
      );
      const appended = await withLedgerService((l) => l.append([entry]));
      if (opts.json) return printJson({ leafIdx: appended.firstIndex, treeSize: appended.size, entry });
      console.log(
        `recorded rotation by ${opts.subject} of ${opts.items.length} item(s) as ledger entry ${appended.firstIndex}`,
      );
    });
}
