import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';

/** A temp working directory with policy/data/gates.yaml and policy/waivers.yaml. */
export function makeWorkspace(
  gates = DEFAULT_GATES_YAML,
  waivers = 'version: 1\nwaivers: []\n',
): { dir: string; gatesFile: string; waiversFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mc-ws-'));
  mkdirSync(join(dir, 'policy', 'data'), { recursive: true });
  const gatesFile = join(dir, 'policy', 'data', 'gates.yaml');
  const waiversFile = join(dir, 'policy', 'waivers.yaml');
  writeFileSync(gatesFile, gates);
  writeFileSync(waiversFile, waivers);
  return { dir, gatesFile, waiversFile };
}

/** A minimal valid CycloneDX 1.5 SBOM. */
export function cyclonedx(components: Array<{ name: string; version: string; purl: string }>): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: components.map((c) => ({ type: 'library', 'bom-ref': c.purl, ...c })),
    }),
  );
}
