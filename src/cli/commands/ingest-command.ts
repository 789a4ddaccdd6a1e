import type { Command } from 'commander';
import type { EvidenceKind } from '../../domain/evidence.js';
import { InputError } from '../../domain/errors.js';
import { DEFAULT_LIMITS } from '../../evidence/evidence-input.js';
import type { IngestItem } from '../../app/gate-service.js';
import { readInputFile } from '../../app/input-file.js';
import { ingestFromRegistry, type RegistryIngestResult } from '../../app/registry-evidence.js';
import { isDigest } from '../../domain/digest.js';
import { looksLikeImageReference, parseOciReference } from '../../oci/oci-reference.js';
import { dockerConfigCredentials } from '../../registry/docker-credentials.js';
import { RegistryClient } from '../../registry/registry-client.js';
import { openContext } from '../cli-context.js';
import { localPrincipal } from '../local-principal.js';
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
      'attach evidence to an artifact digest (every file is parsed and validated first; all are stored or none), or pull it from an OCI registry',
    )
    .argument(
      '<digest|image>',
      'artifact digest sha256:<64 hex>, or an image reference registry/repo:tag or registry/repo@sha256:…',
    )
    .option('--name <name>', 'artifact name, e.g. registry.example/acme/api')
    .option('--parent <digest>', 'a parent artifact (base image, build input); repeatable', collect)
    .option('--json', 'print the stored evidence as JSON')
    .option('--ca-file <pem>', 'with an image reference: CA certificate(s) to trust for the registry')
    .option('--insecure', 'with an image reference: plain HTTP (loopback registries only)');
  for (const [flag, , help] of FLAGS) cmd.option(`--${flag} <file>`, `${help}; repeatable`, collect);
  cmd.addHelpText(
    'after',
    '\nExamples:\n  mc ingest sha256:<digest> --name registry.example/acme/api --sbom sbom.cdx.json --scan osv.json\n  mc ingest registry.example/acme/api:1.4.2     # signatures, attestations, SBOMs from the registry\n',
  );
  cmd.action(async (digest: string, opts: Record<string, string[] | string | boolean | undefined>) => {
    const items: IngestItem[] = [];
    for (const [flag, kind] of FLAGS) {
      for (const file of (opts[flag] as string[] | undefined) ?? [])
        items.push({ kind, bytes: readEvidenceFile(file), label: file });
    }
    if (!isDigest(digest) && looksLikeImageReference(digest)) return ingestImage(digest, items, opts as RegistryFlags);
    if (items.length === 0)
      throw new InputError('NOTHING_TO_INGEST', `give at least one of ${FLAGS.map(([f]) => `--${f}`).join(', ')}`);
    const ctx = await openContext();
    try {
      const parents = (opts.parent as string[] | undefined) ?? [];
      const result = await ctx.gate.ingest(digest, items, {
        ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
        parents,
        actor: localPrincipal().label, // the ingest ledger entry names cli:<os-user>
      });
      if (opts.json) return printJson(result);
      for (const e of result.evidence) {
        console.log(
          `${e.created ? 'stored ' : 'exists '} ${e.kind.padEnd(11)} ${e.format.padEnd(16)} ${e.sha256}  ${e.summary}${e.label ? `  (${e.label})` : ''}`,
        );
      }
      // --parent and the parents the evidence names (provenance build inputs, the SBOM's base image).
      if (result.parents) console.log(`parents  ${result.parents.join(' ')}`);
    } finally {
      await ctx.close();
    }
  });
}

interface RegistryFlags {
  json?: boolean;
  caFile?: string;
  insecure?: boolean;
  name?: string;
  parent?: string[];
}

/** `mc ingest <image>`: resolve and pull from the registry; files given beside it attach to the image too. */
async function ingestImage(text: string, files: IngestItem[], opts: RegistryFlags): Promise<void> {
  const ref = parseOciReference(text);
  const client = new RegistryClient({
    registry: ref.registry,
    insecure: opts.insecure === true,
    ...(opts.caFile === undefined
      ? {}
      : { caPem: Buffer.from(readInputFile(opts.caFile, 1024 * 1024, 'CA file')).toString('utf8') }),
    credentials: dockerConfigCredentials(),
  });
  try {
    const ctx = await openContext();
    try {
      const result = await ingestFromRegistry(ctx.gate, client, ref, files, {
        ...(opts.name === undefined ? {} : { name: opts.name }),
        ...(opts.parent === undefined ? {} : { parents: opts.parent }),
        actor: localPrincipal().label,
      });
      if (opts.json) return printJson(result);
      printRegistryResult(result);
    } finally {
      await ctx.close();
    }
  } finally {
    await client.close();
  }
}

function printRegistryResult(r: RegistryIngestResult): void {
  console.log(
    `${r.reference}  (${r.mediaType}; referrers via ${r.referrersVia === 'api' ? 'the referrers API' : 'the referrers tag schema'})`,
  );
  for (const c of r.children) console.log(`  platform ${c.platform ?? '?'}  ${c.digest}`);
  for (const a of r.ingested) {
    for (const e of a.evidence)
      console.log(
        `${e.created ? 'stored ' : 'exists '} ${e.kind.padEnd(11)} ${e.format.padEnd(16)} ${e.sha256}  ${a.digest === r.digest ? '' : `[${a.digest}] `}${e.label ?? ''}`,
      );
  }
  if (r.ingested.length === 0) console.log('no evidence found in the registry');
  for (const u of r.unknown)
    console.log(`unknown  ${u.artifactType ?? '(no artifact type)'}  ${u.digest}  ${u.reason} (${u.source})`);
}

/** The parsers' own limit: a larger file would be refused after reading it all. */
const MAX_FILE = DEFAULT_LIMITS.maxBytes;

/** An evidence file named on the command line; the limit holds for streams too (`--sbom <(…)`, /dev/zero). */
export function readEvidenceFile(file: string): Uint8Array {
  return readInputFile(file, MAX_FILE, 'evidence file');
}
