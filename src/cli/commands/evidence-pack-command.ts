import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { buildEvidencePack } from '../../app/evidence-pack.js';
import { readPackArchive, writePackArchive } from '../../app/evidence-pack-archive.js';
import { verifyEvidencePack } from '../../app/evidence-pack-verify.js';
import { readPolicyFile } from '../../app/policy-file.js';
import { parseDigest } from '../../domain/digest.js';
import { readNoteKeys } from '../../app/note-key-file.js';
import { describePackFiles, packFileCounts } from '../../ledger/pack/pack-manifest.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerEvidencePack(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('evidence packs: one signed archive per release, verifiable offline');

  evidence
    .command('pack')
    .description(
      'write a tar.gz evidence pack: evidence, verification results, trust material, decision, vulnerabilities, policy, ledger proofs and checkpoint, disclosure-pack.md; manifest signed',
    )
    .argument('<digest>', 'artifact digest, sha256:<64 hex>')
    .requiredOption('--env <env>', 'environment whose decision the pack discloses')
    .requiredOption('-o, --output <file>', 'the .tgz to write')
    .option('--json', 'print what was packed as JSON')
    .action(async (digestText: string, opts: { env: string; output: string; json?: boolean }) => {
      const digest = parseDigest(digestText);
      const ctx = await openContext();
      try {
        // The installation read the key files; without a private key, readNoteKeys names what is missing.
        const signer = ctx.ledgerKeys.signer ?? readNoteKeys(ctx.config.ledgerKeyFile).signer;
        const clock = ctx.clock;
        // Decide now (recorded when anything changed), so the pack holds a current, recorded decision.
        const { decision } = await ctx.gate.verify(digest, opts.env, 'on-change');
        const policyFiles = new Map<string, Uint8Array>();
        for (const [path, file] of [
          ['policy/gates.yaml', ctx.config.gatesFile],
          ['policy/waivers.yaml', ctx.config.waiversFile],
          ['trust/trust-policy.yaml', ctx.config.trustPolicyFile],
        ] as const) {
          if (existsSync(file)) policyFiles.set(path, readPolicyFile(file));
        }
        const files = await buildEvidencePack({
          ledger: ctx.ledger,
          signer,
          digest,
          env: opts.env,
          policyFiles,
          now: clock(),
        });
        await writePackArchive(files, opts.output);
        const counts = packFileCounts(files);
        const out = {
          output: opts.output,
          bytes: statSync(opts.output).size,
          ...counts,
          allow: decision.allow,
          vkey: signer.vkey,
        };
        if (opts.json) return printJson(out);
        console.log(
          `wrote ${opts.output} (${describePackFiles(counts)}, ${out.bytes} bytes; decision ${decision.allow ? 'ALLOW' : 'DENY'} for ${opts.env})`,
        );
        console.log(`verify: mc evidence verify-offline ${opts.output} --vkey "${signer.vkey}"`);
      } finally {
        await ctx.close();
      }
    });

  evidence
    .command('verify-offline')
    .description(
      'verify an evidence pack with no network and no store: every hash, signature and proof (exit 1 on any failure)',
    )
    .argument('<pack>', 'the .tgz written by mc evidence pack')
    .requiredOption(
      '--vkey <vkey>',
      "the installation's C2SP vkey (mc ledger key); repeatable, e.g. old and new after a rotation",
      collect,
    )
    .option('--origin <origin>', 'require this checkpoint origin')
    .option('--json', 'print the verification report as JSON')
    .action(async (file: string, opts: { vkey: string[]; origin?: string; json?: boolean }) => {
      const report = verifyEvidencePack(
        readPackArchive(file),
        opts.vkey,
        opts.origin === undefined ? {} : { origin: opts.origin },
      );
      if (opts.json) return printJson({ ok: true, ...report });
      console.log(
        `ok: ${describePackFiles(report)}, ${report.ledgerEntries} ledger entries proven in ${report.checkpoint.origin} at tree size ${report.checkpoint.treeSize}`,
      );
      console.log(
        `decision: ${report.allow ? 'ALLOW' : 'DENY'} ${report.digest} → ${report.env} (policy ${report.policyHash})`,
      );
    });
}
