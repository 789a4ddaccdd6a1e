// AdmissionReviews/s for a 3-container Pod whose digests are allowed and their decisions cached,
// through POST /v1/admission/validate/prod (bearer token, JSON read, review, answer) vs a bare POST
// route on the same server that takes the same body and answers a constant AdmissionReview: same
// process, same run, same load generator (autocannon, 50 connections), in interleaved rounds;
// ratio = admission / bare. The same Pod again is the next Pod of a ReplicaSet: its verdicts are
// already recorded, so no event is written; `distinct` names every Pod anew (a new workload each
// time), so each review writes its three admission events to SQLite (group commits).
// Also p50/p99 at a paced 2,000 req/s from a separate process, for both.
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeInstallation } from '../src/app/installation.js';
import { resolveConfig } from '../src/config/config.js';
import { buildApp } from '../src/server/app.js';
import { sqliteEngine } from '../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../src/store/release-store.js';
import { admissionReview, workloadObject } from '../test/delivery/admission-reviews.js';
import { cyclonedx, makeWorkspace } from '../test/support/workspace.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = 2000;
const ROUNDS = 4;
const TOKEN = 'bench-admission-token-0123456789';
const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod: { sbom: enforce, vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH } }
`;

function load(url: string, opts: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: SECONDS, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

type Paced = { sent: number; ok: number; errors: number; p50: number; p99: number; max: number };

/** The paced generator in a child process: the server keeps its event loop to itself. */
function pacedLoadInChild(url: string, rate: number, seconds: number, requestFile: string): Promise<Paced> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'paced-load-child.ts');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, url, String(rate), String(seconds), requestFile],
      { timeout: (seconds + 30) * 1000 },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout.trim().split('\n').pop()!))),
    );
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const ws = makeWorkspace(GATES);
  const store = await ReleaseStore.open(sqliteEngine(join(mkdtempSync(join(tmpdir(), 'mc-bench-')), 'mc.db')));
  const installation = composeInstallation(resolveConfig({}, { workDir: ws.dir }), () => new Date(), store, {
    policyRecheckMs: 1000,
    providers: {},
  });
  const { app } = buildApp({
    services: installation,
    apiTokens: [],
    admissionTokens: [TOKEN],
    bodyLimitBytes: 1 << 20,
  });
  // The bare route reads the same body (as bytes) and answers a constant AdmissionReview.
  const constant = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true, status: { code: 200, message: 'ok' } },
  };
  app.post('/bare', async () => constant);

  const digests = ['1', '2', '3'].map((c) => `sha256:${c.repeat(64)}`);
  const scan = {
    results: [{ packages: [{ package: { name: 'p', version: '1.0.0', ecosystem: 'npm' }, vulnerabilities: [] }] }],
  };
  for (const [i, digest] of digests.entries()) {
    await installation.gate.ingest(
      digest,
      [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'p', version: '1.0.0', purl: 'pkg:npm/p@1.0.0' }]) },
        { kind: 'scan', bytes: new TextEncoder().encode(JSON.stringify(scan)) },
      ],
      { name: `registry.example/acme/c${i}` },
    );
    const { decision } = await installation.gate.verify(digest, 'prod'); // cache it
    if (!decision.allow) throw new Error(`bench setup: ${digest} is not allowed: ${JSON.stringify(decision.gates)}`);
  }
  const pod = workloadObject('Pod', 'api-7d9f8-x2x9q', {
    initContainers: [{ name: 'migrate', image: `registry.example/acme/c0@${digests[0]}` }],
    containers: [
      { name: 'api', image: `registry.example/acme/c1:1.4.2@${digests[1]}` },
      { name: 'proxy', image: `registry.example/acme/c2@${digests[2]}` },
    ],
  });
  const body = JSON.stringify(admissionReview('Pod', pod));
  const distinctBody = JSON.stringify(admissionReview('Pod', pod, { name: 'api-7d9f8-[<id>]' }));
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const admissionUrl = `${base}/v1/admission/validate/prod`;
  const probe = await fetch(admissionUrl, { method: 'POST', headers, body });
  const answer = (await probe.json()) as { response: { allowed: boolean; status: { message: string } } };
  if (!answer.response.allowed) throw new Error(`bench setup: the Pod is denied: ${answer.response.status.message}`);

  const post = { method: 'POST' as const, headers, body };
  const distinctPost = { ...post, body: distinctBody };
  const paths = {
    bare: [`${base}/bare`, post],
    admission: [admissionUrl, post],
    distinct: [admissionUrl, { ...distinctPost, idReplacement: true }],
  } as const;
  for (const [url, opts] of Object.values(paths)) await load(url, { ...opts, duration: 2 }); // warm-up
  // Interleaved rounds: on a shared machine the load of others drifts, and a drift between one long
  // bare run and one long admission run would move the ratio more than anything mc does.
  const rounds: Array<Record<keyof typeof paths, autocannon.Result>> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = {} as Record<keyof typeof paths, autocannon.Result>;
    for (const [name, [url, opts]] of Object.entries(paths))
      round[name as keyof typeof paths] = await load(url, { ...opts, duration: SECONDS / ROUNDS });
    rounds.push(round);
  }
  const rps = (name: keyof typeof paths) => rounds.reduce((sum, r) => sum + r[name].requests.average, 0) / ROUNDS;
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  writeFileSync(join(dir, 'same.json'), JSON.stringify(post));
  writeFileSync(join(dir, 'distinct.json'), JSON.stringify({ ...distinctPost, idReplacement: true }));
  const paced = await pacedLoadInChild(admissionUrl, RATE, SECONDS, join(dir, 'same.json'));
  const pacedDistinct = await pacedLoadInChild(admissionUrl, RATE, SECONDS, join(dir, 'distinct.json'));
  const recorded = (await installation.events.list({ types: ['admission'], limit: 1 }))[0]?.id ?? 0;
  await app.close();
  await store.close();
  const errors =
    rounds.reduce((sum, r) => sum + Object.values(r).reduce((s, x) => s + x.errors + x.non2xx, 0), 0) +
    paced.errors +
    pacedDistinct.errors;
  return {
    seconds: SECONDS,
    rounds: ROUNDS,
    connections: 50,
    body_bytes: body.length,
    bare_rps: Math.round(rps('bare')),
    admission_rps: Math.round(rps('admission')),
    admission_p99_ms: Math.max(...rounds.map((r) => r.admission.latency.p99)),
    distinct_rps: Math.round(rps('distinct')),
    ratio_per_round: rounds.map((r) => Number((r.admission.requests.average / r.bare.requests.average).toFixed(2))),
    [`paced_${RATE}_sent`]: paced.sent,
    [`paced_${RATE}_p50_ms`]: paced.p50,
    [`paced_${RATE}_p99_ms`]: paced.p99,
    [`paced_${RATE}_distinct_p50_ms`]: pacedDistinct.p50,
    [`paced_${RATE}_distinct_p99_ms`]: pacedDistinct.p99,
    admission_events_recorded: recorded,
    errors,
    ratio_distinct: Number((rps('distinct') / rps('bare')).toFixed(3)),
    ratio: Number((rps('admission') / rps('bare')).toFixed(3)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(JSON.stringify({ bench: 'admission', ...r }));
  process.exit(0);
}
