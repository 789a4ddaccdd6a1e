import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STARTER_GATES_YAML } from '../../src/policy/gates-profiles.js';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const skip = existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)';
const digest = `sha256:${'7'.repeat(64)}`;

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      MC_HOME: '',
      MC_DATABASE_URL: '',
      MC_TRUST_POLICY: '',
      MC_PROMETHEUS_URL: '',
      MC_NOW: '2026-11-22T10:00:00Z',
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A first release as a newcomer has it: an SBOM and a clean scan, nothing signed, no Prometheus. */
function firstRelease(profile: string): { cwd: string; prod: { code: number | null; out: string } } {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-init-'));
  const init = mc(cwd, 'init', '--profile', profile, '--json');
  assert.equal(init.code, 0, init.err);
  assert.equal(JSON.parse(init.out).profile, profile);
  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([{ name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }]),
  );
  writeFileSync(join(cwd, 'osv.json'), JSON.stringify({ results: [] }));
  const ingest = mc(cwd, 'ingest', digest, '--sbom', 'sbom.json', '--scan', 'osv.json');
  assert.equal(ingest.code, 0, ingest.err);
  return { cwd, prod: mc(cwd, 'verify', digest, '--env', 'prod', '--json') };
}

test('mc init --profile starter: a first release with an SBOM and a clean scan is allowed in prod', { skip }, () => {
  const { cwd, prod } = firstRelease('starter');
  assert.equal(readFileSync(join(cwd, 'policy/data/gates.yaml'), 'utf8'), STARTER_GATES_YAML);
  assert.equal(prod.code, 0, prod.out);
  const decision = JSON.parse(prod.out) as { allow: boolean; gates: Array<{ gate: string; result: string }> };
  assert.equal(decision.allow, true);
  assert.deepEqual(Object.fromEntries(decision.gates.map((g) => [g.gate, g.result])), {
    sbom: 'pass',
    signatures: 'advisory-fail',
    provenance: 'advisory-fail',
    vulnerabilities: 'pass',
    slo_burn_rate: 'skipped',
    promotable: 'pass',
  });
  assert.equal(mc(cwd, 'gates', 'lint').code, 0);
});

test('mc init (--profile default) keeps the canonical gates: the same release is denied in prod', { skip }, () => {
  const { cwd, prod } = firstRelease('default');
  assert.equal(readFileSync(join(cwd, 'policy/data/gates.yaml'), 'utf8'), DEFAULT_GATES_YAML);
  assert.equal(prod.code, 1);
  const plain = mkdtempSync(join(tmpdir(), 'mc-init-'));
  assert.equal(mc(plain, 'init').code, 0);
  assert.equal(
    readFileSync(join(plain, 'policy/data/gates.yaml'), 'utf8'),
    DEFAULT_GATES_YAML,
    'no flag: the default profile',
  );
});

test('mc init --help explains the profiles; an unknown profile is a usage error (exit 2)', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-init-'));
  const help = mc(cwd, 'init', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /--profile <name>/);
  assert.match(help.out, /starter +what a first release can pass/);
  assert.match(help.out, /default +the full gates/);
  const bad = mc(cwd, 'init', '--profile', 'lenient');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Allowed choices are default, starter/);
  assert.ok(!existsSync(join(cwd, 'policy')), 'nothing written on a usage error');
});
