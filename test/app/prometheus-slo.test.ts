import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryBurnRate } from '../../src/app/prometheus-slo.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { loadGates } from '../../src/policy/gates.js';
import { ServerMetrics } from '../../src/server/metrics.js';
import { freePort, requireBinary, waitFor } from '../support/services.js';
import { repoRoot } from '../support/shared-data.js';

const prom = requireBinary('prometheus');
const digest = `sha256:${'5'.repeat(64)}` as const;

describe('slo_burn_rate against a real Prometheus (Debian package)', { skip: prom.skip }, () => {
  let prometheus: ChildProcess;
  let target: Server;
  let url: string;

  before(async () => {
    // A scrape target exposing burn rates for two environments.
    target = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE app_burn_rate gauge\napp_burn_rate{env="prod"} 1.5\napp_burn_rate{env="staging"} 4.25\n');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetPort = (target.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'mc-prom-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: app\n    static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }]\n`,
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      const r = await queryBurnRate(url, 'max(app_burn_rate{env="{env}"})', { digest, env: 'prod' });
      return 'value' in r ? r : undefined;
    }, 'Prometheus to scrape the target');
  });
  after(() => {
    prometheus?.kill('SIGTERM');
    target?.close();
  });

  test('the query result drives the gate: under max passes, over max denies', async () => {
    const policy = loadGates(
      'version: 1\nenvironments: { prod: p, staging: p }\nprofiles:\n  p: { slo_burn_rate: { mode: enforce, max: 2.0 } }\n',
    );
    for (const [env, allow, value] of [
      ['prod', true, 1.5],
      ['staging', false, 4.25],
    ] as const) {
      const slo = await queryBurnRate(url, 'max(app_burn_rate{env="{env}"})', { digest, env });
      assert.deepEqual(slo, { value, query: `max(app_burn_rate{env="${env}"})` });
      const { decision } = evaluate({
        snapshot: { digest, evidence: [], findings: [], vulnerabilitySources: [], revocations: [], sloBurnRate: slo },
        policy,
        env,
        waivers: [],
        now: new Date(),
      });
      assert.equal(decision.allow, allow, env);
    }
  });

  test('no series, a bad query and an unreachable server are errors (the gate fails closed)', async () => {
    const none = await queryBurnRate(url, 'max(app_burn_rate{env="{env}"})', { digest, env: 'qa' });
    assert.match((none as { error: string }).error, /no series/);
    const bad = await queryBurnRate(url, 'max(', { digest, env: 'prod' });
    assert.match((bad as { error: string }).error, /400|bad_data/);
    const down = await queryBurnRate('http://127.0.0.1:1', 'up', { digest, env: 'prod' }, fetch, 500);
    assert.match((down as { error: string }).error, /unreachable/);
  });

  test('a hostile environment name cannot break out of the label value', async () => {
    const r = await queryBurnRate(url, 'max(app_burn_rate{env="{env}"})', {
      digest,
      env: 'prod"} or vector(0) or app_burn_rate{env="',
    });
    assert.ok('error' in r, 'the injected query must find no series');
  });
});

describe('shipped Prometheus files pass promtool', { skip: requireBinary('promtool').skip }, () => {
  test('alert and recording rules', () => {
    const r = spawnSync('promtool', ['check', 'rules', join(repoRoot, 'deploy/prometheus/mc-rules.yaml')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
  test('our /metrics exposition', async () => {
    const m = new ServerMetrics();
    m.verifyRequests.inc({ endpoint: 'verify', status: '200' });
    m.decisions.inc({ env: 'prod', allow: 'true' });
    m.verifyDuration.observe({ cached: 'true' }, 0.001);
    m.evidenceIngested.inc({ kind: 'sbom' });
    const r = spawnSync('promtool', ['check', 'metrics'], { input: await m.registry.metrics(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
