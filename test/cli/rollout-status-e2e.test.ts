import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FLAGGER_TOKEN, flaggerPayload } from '../support/flagger.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { freePort, waitFor } from '../support/services.js';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const GOOD = `sha256:${'5'.repeat(64)}`;
const UNKNOWN = `sha256:${'6'.repeat(64)}`;
const env = {
  ...process.env,
  MC_HOME: '',
  MC_DATABASE_URL: '',
  MC_API_TOKENS: TEST_TOKEN,
  MC_FLAGGER_TOKENS: FLAGGER_TOKEN,
};

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc serve answers Flagger as Flagger does it; mc rollout-status shows the chain it recorded', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-rollout-'));
  assert.equal(mc(cwd, 'init').code, 0);
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]));
  assert.equal(mc(cwd, 'ingest', GOOD, '--sbom', 'sbom.json').code, 0);
  const port = await freePort();
  const server = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), main, 'serve', '--port', String(port)],
    {
      cwd,
      env,
      stdio: 'ignore',
    },
  );
  t.after(() => server.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 'mc serve');
  // What Flagger's webhook client sends: a JSON POST, no auth header, the token in metadata.
  const flagger = (hook: string, query: string, digest: string) =>
    fetch(`${base}/v1/flagger/${hook}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(flaggerPayload({ digest, token: FLAGGER_TOKEN })),
    });
  assert.equal((await flagger('pre-rollout', '?env=dev', GOOD)).status, 200);
  assert.equal((await flagger('rollback', '?env=dev', GOOD)).status, 409, 'allowed: no rollback');
  assert.equal((await flagger('rollback', '?env=prod', UNKNOWN)).status, 200, 'unknown digest: roll back');
  const metric = await fetch(`${base}/v1/verify/metric?digest=${GOOD}&env=dev&workload=test/podinfo&step=3`, {
    headers: { authorization: `Bearer ${TEST_TOKEN}` },
  });
  assert.equal(metric.status, 200);

  const json = mc(cwd, 'rollout-status', 'test/podinfo', '--json');
  assert.equal(json.code, 0, json.err);
  const status = JSON.parse(json.out);
  assert.equal(status.workload, 'test/podinfo');
  assert.deepEqual(
    status.events.map((e: { type: string; cause: string; details: { outcome?: string } }) => [
      e.type,
      e.cause,
      e.details.outcome,
    ]),
    [
      ['flagger', 'pre-rollout', 'go'],
      ['flagger', 'rollback', 'hold'],
      ['flagger', 'rollback', 'rollback'],
      ['verify', 'metric', undefined],
    ],
  );
  assert.equal(status.phase.value, 'Progressing');
  assert.equal(status.step.value, '3');
  const text = mc(cwd, 'rollout-status', 'test/podinfo');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /mc does not ask the Kubernetes API/);
  assert.match(text.out, /flagger rollback hook \(Progressing\) → rollback: deny \(ARTIFACT_UNKNOWN/);

  const unknown = mc(cwd, 'rollout-status', 'test/other', '--json');
  assert.equal(unknown.code, 2);
  assert.equal(JSON.parse(unknown.out).error.code, 'ROLLOUT_UNKNOWN');
  const bad = mc(cwd, 'rollout-status', 'podinfo');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /WORKLOAD_INVALID/);
  assert.equal(mc(cwd, 'rollout-status', 'test/podinfo', '--limit', '0').code, 2);
});
