import type { Command } from 'commander';
import type { EvidenceKind } from '../../domain/evidence.js';
import { InputError } from '../../domain/errors.js';
import { DEFAULT_LIMITS } from '../../evidence/evidence-input.js';
import type { IngestItem } from '../../app/gate-service.js';
import { readInputFile } from '../../app/input-file.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

const FLAGS: Array<[flag: string, kind: EvidenceKind, help: string]> = [
  ['sbom', 'sbom', 'CycloneDX 1.4–1.7 or SPDX 2.2–2.3 JSON SBOM'],
  ['provenance', 'provenance', 'in-toto / SLSA provenance: JSON, JSON Lines or a DSSE envelope'],
  ['scan', 'scan', 'osv-scanner JSON, Trivy JSON or SARIF 2.1 report'],
  ['signature', 'signature', 'Sigstore bundle or DSSE envelope signing the artifact'],
  ['attestation', 'attestation', 'Sigstore bundle or DSSE envelope carrying an in-toto attestation'],
  ['vex', 'vex', 'OpenVEX or CycloneDX VEX document'],
];

export function registerIngest(program: Command): void {
  const cmd = program
    .command('ingest')
    .description(
      'attach evidence to an artifact digest (every file is parsed and validated first; all are stored or none)',
    )
    .argument('<digest>', 'artifact digest, sha256:<64 hex>')
    .option('--name <name>', 'artifact name, e.g. registry.example/acme/api')
    .option('--parent <digest>', 'a parent artifact (base image, build input); repeatable', collect)
    .option('--json', 'print the stored evidence as JSON');
  for (const [flag, , help] of FLAGS) cmd.option(`--${flag} <file>`, `${help}; repeatable`, collect);
  cmd.addHelpText(
    'after',
    '\nExample:\n  mc ingest sha256:<digest> --name registry.example/acme/api --sbom sbom.cdx.json --scan osv.json\n',
  );
  cmd.action(async (digest: string, opts: Record<string, string[] | string | boolean | undefined>) => {
    const items: IngestItem[] = [];
    for (const [flag, kind] of FLAGS) {
      for (const file of (opts[flag] as string[] | undefined) ?? [])
        items.push({ kind, bytes: readEvidenceFile(file), label: file });
    }
    if (items.length === 0)
      throw new InputError('NOTHING_TO_INGEST', `give at least one of ${FLAGS.map(([f]) => `--${f}`).join(', ')}`);
    const ctx = await openContext();
    try {
      const parents = (opts.parent as string[] | undefined) ?? [];
      const result = await ctx.gate.ingest(digest, items, {
        ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
        parents,
      });
      if (opts.json) return printJson(result);
      for (const e of result.evidence) {
        console.log(
          `${e.created ? 'stored ' : 'exists '} ${e.kind.padEnd(11)} ${e.format.padEnd(16)} ${e.sha256}  ${e.summary}${e.label ? `  (${e.label})` : ''}`,
        );
      }
    } finally {
      await ctx.close();
    }
  });
}

/** The parsers' own limit: a larger file would be refused after reading it all. */
const MAX_FILE = DEFAULT_LIMITS.maxBytes;

/** An evidence file named on the command line; the limit holds for streams too (`--sbom <(…)`, /dev/zero). */
export function readEvidenceFile(file: string): Uint8Array {
  return readInputFile(file, MAX_FILE, 'evidence file');
}
