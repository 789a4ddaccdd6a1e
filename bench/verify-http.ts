// Requests/s of GET /v1/verify for a stored, cached decision vs a bare route returning constant
// JSON on the same server, same process, same run, same load generator (autocannon, 50
// connections); ratio = verify / bare. Also p99 latency at a fixed offered load of 5,000 req/s.
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeInstallation } from '../src/app/installation.js';
import { resolveConfig } from '../src/config/config.js';
import { DEFAULT_GATES_YAML } from '../src/policy/gates-schema.js';
import { buildApp } from '../src/server/app.js';
import { sqliteEngine } from '../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../src/store/release-store.js';
import { cyclonedx, makeWorkspace } from '../test/support/workspace.js';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

function load(url: string, opts: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: SECONDS, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** The paced generator in a child process: the server keeps its event loop to itself. */
function pacedLoadInChild(
  url: string,
  rate: number,
  seconds: number,
): Promise<{ sent: number; ok: number; errors: number; p50: number; p99: number; max: number }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'paced-load-child.ts');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, url, String(rate), String(seconds)],
      { timeout: (seconds + 30) * 1000 },
      (err, stdout) => {
        if (err) reject(err);
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const ws = makeWorkspace(DEFAULT_GATES_YAML);
  const store = await ReleaseStore.open(sqliteEngine(join(mkdtempSync(join(tmpdir(), 'mc-bench-')), 'mc.db')));
  const installation = composeInstallation(resolveConfig({}, { workDir: ws.dir }), () => new Date(), store, {
    policyRecheckMs: 1000,
    providers: {},
  });
  const service = installation.gate;
  const { app } = buildApp({ services: installation, apiTokens: [], bodyLimitBytes: 1 << 20 });
  const constant = { allow: true, digest: 'sha256:' + '0'.repeat(64), env: 'prod' };
  app.get('/bare', async () => constant);
  const digest = `sha256:${'7'.repeat(64)}`;
  const components = Array.from({ length: 200 }, (_, i) => ({
    name: `pkg-${i}`,
    version: `1.${i}.0`,
    purl: `pkg:npm/pkg-${i}@1.${i}.0`,
  }));
  await service.ingest(digest, [{ kind: 'sbom', bytes: cyclonedx(components) }], { name: 'registry.example/acme/api' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const verifyUrl = `${base}/v1/verify/metric?digest=${digest}&env=prod`;
  await service.verify(digest, 'prod'); // cache it

  await load(`${base}/bare`, { duration: 2 }); // warm-up both paths
  await load(verifyUrl, { duration: 2 });
  const bare = await load(`${base}/bare`);
  const verify = await load(verifyUrl);
  const fixed = await pacedLoadInChild(verifyUrl, 5000, SECONDS);
  await app.close();
  await store.close();
  const errors = bare.errors + verify.errors + fixed.errors + bare.non2xx + verify.non2xx;
  return {
    seconds: SECONDS,
    connections: 50,
    bare_rps: Math.round(bare.requests.average),
    verify_rps: Math.round(verify.requests.average),
    verify_p99_ms: verify.latency.p99,
    fixed_5000_sent: fixed.sent,
    fixed_5000_p50_ms: fixed.p50,
    fixed_5000_p99_ms: fixed.p99,
    errors,
    ratio: Number((verify.requests.average / bare.requests.average).toFixed(3)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(JSON.stringify({ bench: 'verify-http', ...r }));
  process.exit(0);
}
