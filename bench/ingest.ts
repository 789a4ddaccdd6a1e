// npm run bench -- ingest   |   node --import tsx bench/ingest.ts
// Parse + validate (+ store, through the `store` hook the ingest owner passes) of a generated
// 1,000-component CycloneDX 1.6 SBOM. ratio = time of plain JSON.parse of the same bytes / our time.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEvidence, type SbomEvidence } from '../src/evidence/parse-evidence.js';
import { sharedPath } from '../test/support/shared-data.js';

export interface IngestBenchOptions {
  /** Called with the bytes and the parsed SBOM after each parse: the store owner plugs the CAS + index write here. */
  store?: (bytes: Uint8Array, parsed: SbomEvidence) => void;
  components?: number;
  rounds?: number;
}

/**
 * A deterministic CycloneDX 1.6 SBOM shaped like cyclonedx-npm output (the juice-shop SBOM in shared
 * data): npm components with purls, author, description, licenses, SHA-512 hashes, external
 * references and properties, and a dependency chain.
 */
export function generateSbom(count = 1000): Uint8Array {
  const components = Array.from({ length: count }, (_, i) => {
    const name = `pkg-${i.toString(36).padStart(4, '0')}`;
    const version = `${i % 7}.${i % 13}.${i % 31}`;
    const purl = `pkg:npm/${i % 5 === 0 ? '%40acme/' : ''}${name}@${version}`;
    return {
      type: 'library',
      'bom-ref': purl,
      ...(i % 5 === 0 ? { group: '@acme' } : {}),
      name,
      version,
      purl,
      author: `Author ${i % 97}`,
      description: `Generated package number ${i}, standing in for a real npm dependency`,
      licenses: [{ license: { id: i % 3 === 0 ? 'Apache-2.0' : 'MIT' } }],
      hashes: [{ alg: 'SHA-512', content: createHash('sha512').update(purl).digest('hex') }],
      externalReferences: [
        { url: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, type: 'distribution', comment: 'as detected from npm-ls property "resolved"' },
        { url: `https://github.com/acme/${name}/issues`, type: 'issue-tracker', comment: 'as detected from PackageJson property "bugs.url"' },
        { url: `git+https://github.com/acme/${name}.git`, type: 'vcs', comment: 'as detected from PackageJson property "repository.url"' },
      ],
      properties: [{ name: 'cdx:npm:package:path', value: `node_modules/${name}` }],
    };
  });
  const doc = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2026-11-22T10:00:00Z', component: { type: 'application', 'bom-ref': 'app', name: 'acme-api', version: '1.0.0' } },
    components,
    dependencies: [
      { ref: 'app', dependsOn: components.slice(0, 10).map((c) => c['bom-ref']) },
      ...components.map((c, i) => ({ ref: c['bom-ref'], dependsOn: i + 1 < components.length ? [components[i + 1]!['bom-ref']] : [] })),
    ],
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median wall times of `a` and `b`, interleaved round by round so that load from other processes on
 * this shared machine falls on both alike; the ratio of medians is what we report.
 */
function timePair(a: () => void, b: () => void, rounds: number): [number, number] {
  for (let i = 0; i < Math.min(5, rounds); i++) {
    a();
    b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    a();
    as.push(performance.now() - start);
    start = performance.now();
    b();
    bs.push(performance.now() - start);
  }
  return [median(as), median(bs)];
}

export async function run(options: IngestBenchOptions = {}): Promise<Record<string, unknown>> {
  const rounds = options.rounds ?? 60;
  const bytes = generateSbom(options.components ?? 1000);
  const decoder = new TextDecoder();
  const ingest = (b: Uint8Array): void => {
    const parsed = parseEvidence('sbom', b);
    options.store?.(b, parsed);
  };
  const check = parseEvidence('sbom', bytes);
  if (check.sbom.components.length !== (options.components ?? 1000)) throw new Error('generated SBOM did not round-trip');

  const [jsonParseMs, ingestMs] = timePair(() => JSON.parse(decoder.decode(bytes)), () => ingest(bytes), rounds);
  const figures: Record<string, unknown> = {
    bench: 'ingest',
    components: check.sbom.components.length,
    bytes: bytes.length,
    jsonParseMs: round(jsonParseMs),
    ingestMs: round(ingestMs),
    sbomsPerSecond: Math.round(1000 / ingestMs),
    store: options.store === undefined ? 'none (parse + validate only)' : 'hook',
  };
  const juicePath = sharedPath('conformance', 'sbom', 'cyclonedx-bom-examples', 'SBOM', 'juice-shop', 'via_npm', 'bare', 'bom.1.4.json');
  if (juicePath !== undefined) {
    const juice = new Uint8Array(readFileSync(juicePath));
    figures.juiceShopComponents = parseEvidence('sbom', juice).sbom.components.length;
    const [juiceJsonMs, juiceMs] = timePair(() => JSON.parse(decoder.decode(juice)), () => ingest(juice), Math.max(10, Math.floor(rounds / 2)));
    figures.juiceShopMsPerSbom = round(juiceMs);
    figures.juiceShopJsonParseMs = round(juiceJsonMs);
  }
  figures.ratio = round(jsonParseMs / ingestMs);
  return figures;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
