import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';
import { httpsRequest, OPENSSL_SKIP, TestCa } from '../server/tls-certs.js';
import { podReview } from '../delivery/admission-reviews.js';

/** The real `mc serve` (from src with tsx, no build needed) with --tls-cert and --tls-key. */
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const ENV = { MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: '2026-11-22T10:00:00Z', MC_TRUST_POLICY: '' };
const tsx = ['--import', import.meta.resolve('tsx'), main];

function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-serve-tls-'));
  const init = spawnSync(process.execPath, [...tsx, 'init', '--json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV },
  });
  assert.equal(init.status, 0, init.stderr);
  return cwd;
}

test('mc serve --tls-cert without --tls-key is exit 2 TLS_FLAGS_INCOMPLETE; an unusable pair is exit 2 too', () => {
  const cwd = workspace();
  const half = spawnSync(process.execPath, [...tsx, 'serve', '--tls-cert', 'tls.crt'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV },
  });
  assert.equal(half.status, 2, half.stderr);
  assert.match(half.stderr, /TLS_FLAGS_INCOMPLETE/);
  writeFileSync(join(cwd, 'tls.crt'), 'not a certificate');
  writeFileSync(join(cwd, 'tls.key'), 'not a key');
  const bad = spawnSync(process.execPath, [...tsx, 'serve', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV },
  });
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /TLS_MATERIAL_INVALID/);
  assert.doesNotMatch(bad.stderr, /\n\s+at .*\.(ts|js):\d+/, 'no stack trace');
});

const ADMISSION_TOKEN = 'admission-token-0123456789abcdef';

test('mc serve over HTTPS answers the API server with MC_ADMISSION_TOKENS and picks up a renewed certificate on SIGHUP', {
  skip: OPENSSL_SKIP,
}, async () => {
  const cwd = workspace();
  const ca = new TestCa();
  const write = (pair: { cert: Buffer; key: Buffer }) => {
    writeFileSync(join(cwd, 'tls.crt'), pair.cert);
    writeFileSync(join(cwd, 'tls.key'), pair.key);
  };
  write(ca.leaf());
  const args = ['serve', '--port', '0', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key', '--tls-reload-interval', '0'];
  const child = spawn(process.execPath, [...tsx, ...args], {
    cwd,
    env: { ...process.env, ...ENV, MC_API_TOKENS: '', MC_ADMISSION_TOKENS: ADMISSION_TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const waiters: Array<() => void> = [];
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const m = re.exec(err);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`mc serve exited ${child.exitCode}: ${err}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  try {
    const port = Number((await waitFor(/listening on https:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const before = await httpsRequest(port, ca.cert, '/healthz');
    assert.equal(before.status, 200);
    const review = await httpsRequest(port, ca.cert, '/v1/admission/validate/prod', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMISSION_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(podReview({ containers: [{ name: 'api', image: 'registry.example/acme/api:1.0' }] })),
    });
    assert.equal(review.status, 200, review.body);
    const { response } = JSON.parse(review.body);
    assert.equal(response.allowed, false, 'prod enforces: a tag is denied');
    assert.match(response.status.message, /IMAGE_NOT_PINNED/);
    const renewed = ca.leaf();
    write(renewed);
    child.kill('SIGHUP');
    await waitFor(/TLS certificate reloaded: .*sha256 ([0-9A-F:]+)/);
    const after = await httpsRequest(port, ca.cert, '/healthz');
    assert.equal(after.status, 200);
    assert.equal(after.fingerprint256, new X509Certificate(renewed.cert).fingerprint256);
    assert.notEqual(after.fingerprint256, before.fingerprint256);
  } finally {
    clearTimeout(killer);
    child.kill('SIGTERM');
  }
});
