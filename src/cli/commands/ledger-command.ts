import type { Command } from 'commander';
import type { LedgerService } from '../../app/ledger-service.js';
import { InputError } from '../../domain/errors.js';
import { checkpointToJson } from '../../ledger/checkpoint-json.js';
import { readNoteKeys, rotateNoteKeyFile } from '../../app/note-key-file.js';
import { consistencyProofToJson, inclusionProofToJson } from '../../ledger/proof-json.js';
import { encodeBase64 } from '../../formats/base64.js';
import { cliConfig, openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

/** A size or index flag: decimal digits only, no sign, no exponent (exit 2 otherwise). */
export function parseCount(text: string, flag: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InputError(
      'BAD_NUMBER',
      `${flag} must be a non-negative integer, got ${JSON.stringify(text.slice(0, 40))}`,
      { path: flag },
    );
  }
  return Number(text);
}

/** Runs `fn` with the ledger service of the configured store, closing the store after. */
export async function withLedgerService<T>(fn: (ledger: LedgerService) => Promise<T>): Promise<T> {
  const ctx = await openContext();
  try {
    return await fn(ctx.ledger);
  } finally {
    await ctx.close();
  }
}

export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('the tamper-evident ledger: RFC 6962 Merkle log with C2SP signed checkpoints');

  ledger
    .command('checkpoint')
    .description('sign a fresh checkpoint if the tree grew, and print the latest (a C2SP signed note)')
    .option('--json', 'print the checkpoint fields and the note as JSON')
    .action(async (opts: { json?: boolean }) =>
      withLedgerService(async (l) => {
        const cp = await l.checkpoint();
        if (opts.json) return printJson({ ...checkpointToJson(cp), signed: cp.signed });
        process.stdout.write(cp.note);
      }),
    );

  ledger
    .command('proof')
    .description('inclusion proof of an entry (0-based index) against the latest checkpoint')
    .requiredOption('--index <n>', 'leaf index, 0-based')
    .option('--tree-size <n>', 'prove against this tree size instead of the latest checkpoint')
    .option('--json', 'print {leafIdx, treeSize, leafHash, proof, root} (base64 hashes)')
    .action(async (opts: { index: string; treeSize?: string; json?: boolean }) => {
      const index = parseCount(opts.index, '--index');
      const size = opts.treeSize === undefined ? undefined : parseCount(opts.treeSize, '--tree-size');
      await withLedgerService(async (l) => {
        const p = inclusionProofToJson(await l.inclusionProof(index, size));
        if (opts.json) return printJson(p);
        console.log(
          `entry ${p.leafIdx} in tree of size ${p.treeSize}\nleaf hash ${p.leafHash}\nroot      ${p.root}\nproof (${p.proof.length} hashes, deepest first):`,
        );
        for (const h of p.proof) console.log(`  ${h}`);
      });
    });

  ledger
    .command('consistency')
    .description('consistency proof between two tree sizes (the newer defaults to the latest checkpoint)')
    .requiredOption('--from <size>', 'older tree size (> 0)')
    .option('--to <size>', 'newer tree size')
    .option('--json', 'print {fromSize, toSize, proof, fromRoot, toRoot} (base64 hashes)')
    .action(async (opts: { from: string; to?: string; json?: boolean }) => {
      const from = parseCount(opts.from, '--from');
      const to = opts.to === undefined ? undefined : parseCount(opts.to, '--to');
      await withLedgerService(async (l) => {
        const c = consistencyProofToJson(await l.consistencyProof(from, to));
        if (opts.json) return printJson(c);
        console.log(
          `tree ${c.fromSize} → ${c.toSize}\nfrom root ${c.fromRoot}\nto root   ${c.toRoot}\nproof (${c.proof.length} hashes):`,
        );
        for (const h of c.proof) console.log(`  ${h}`);
      });
    });

  ledger
    .command('verify')
    .description(
      'recompute every leaf hash from the stored entry bytes and the whole tree; check the latest checkpoint (exit 1 on tampering)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) =>
      withLedgerService(async (l) => {
        const r = await l.verify();
        const out = {
          ok: true,
          size: r.size,
          root: encodeBase64(r.root),
          ...(r.checkpoint ? { checkpoint: { treeSize: r.checkpoint.size, origin: r.checkpoint.origin } } : {}),
        };
        if (opts.json) return printJson(out);
        console.log(
          `ok: ${r.size} entries, root ${out.root}${r.checkpoint ? `; checkpoint of size ${r.checkpoint.size} verified and consistent` : '; no checkpoint yet'}`,
        );
      }),
    );

  ledger
    .command('key')
    .description(
      'print the public key as a C2SP vkey (name+hash+base64); --rotate makes a new key, the old vkey stays known',
    )
    .option('--all', 'print every vkey the installation has signed with, current first')
    .option('--rotate', 'generate a new signing key with the same name; checkpoints signed before stay verifiable')
    .option('--json', 'print {vkey, vkeys} as JSON')
    .action(async (opts: { all?: boolean; rotate?: boolean; json?: boolean }) => {
      const keyFile = cliConfig().ledgerKeyFile;
      if (opts.rotate) rotateNoteKeyFile(keyFile);
      const keys = readNoteKeys(keyFile);
      const vkeys = keys.verifiers.map((v) => v.vkey);
      if (opts.json) return printJson({ vkey: keys.signer.vkey, vkeys });
      for (const k of opts.all ? vkeys : [keys.signer.vkey]) console.log(k);
    });
}
