import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');

interface Step {
  step: string;
  env?: string;
  allow?: boolean;
  decision?: { gates: Array<{ gate: string; result: string; reasons: Array<{ code: string }> }> };
}

test('mc demo gates the sample release end to end: dev allowed, prod denied with reasons, then allowed', {
  skip: existsSync(bin) ? false : 'dist/ not built: run npm run build',
}, () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mc-demo-test-')), 'ws');
  const r = spawnSync(process.execPath, [bin, 'demo', '--dir', dir, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '' },
  });
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(-2000));
  const out = JSON.parse(r.stdout) as { ok: boolean; digest: string; steps: Step[] };
  assert.equal(out.ok, true);
  const step = (name: string) => out.steps.find((s) => s.step === name)!;
  const gate = (s: Step, g: string) => s.decision!.gates.find((x) => x.gate === g)!;

  const dev = step('verify-dev');
  assert.equal(dev.allow, true);
  assert.equal(gate(dev, 'vulnerabilities').result, 'advisory-fail');

  const before = step('verify-prod-before');
  assert.equal(before.allow, false);
  assert.equal(gate(before, 'signatures').result, 'fail');
  assert.equal(gate(before, 'provenance').result, 'fail');
  assert.deepEqual(
    gate(before, 'vulnerabilities').reasons.map((x) => x.code),
    ['VULN_BLOCKING', 'VULN_BLOCKING'],
  );

  const after = step('verify-prod-after');
  assert.equal(after.allow, true);
  assert.deepEqual(
    ['sbom', 'signatures', 'provenance', 'vulnerabilities', 'promotable'].map((g) => gate(after, g).result),
    ['pass', 'pass', 'pass', 'waived', 'pass'],
  );

  // Everything it did is in the store of its workspace, and the CLI reads it back.
  const shown = spawnSync(process.execPath, [bin, 'show', out.digest, '--json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '' },
  });
  assert.equal(shown.status, 0, shown.stderr);
  const view = JSON.parse(shown.stdout) as { evidence: unknown[]; decisions: unknown[] };
  assert.equal(view.evidence.length, 4);
  assert.equal(view.decisions.length, 3);
});
