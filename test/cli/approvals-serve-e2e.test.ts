import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { APPROVAL_GATES } from '../app/approvals/approval-flow.test.js';
import { repoRoot } from '../support/shared-data.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { cyclonedx } from '../support/workspace.js';

/** The real `mc serve` and CLI (from src with tsx) over one SQLite store; time pinned with MC_NOW per process. */
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const tsx = ['--import', import.meta.resolve('tsx'), main];
const TOKEN = 'approver-token-0123456789abcdef';
const T0 = '2026-11-22T10:00:00Z';
const digest = `sha256:${'e'.repeat(64)}`;
/** A JSON answer: the fields the test reads. */
type Json = { token?: string; error?: { code: string }; challenge?: string } & Record<string, unknown>;
const ENV = { MC_HOME: '', MC_DATABASE_URL: '', MC_TRUST_POLICY: '', MC_NOW: T0, MC_API_TOKENS: TOKEN, USER: 'ops' };

function mc(cwd: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [...tsx, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('end to end: prod denied → WebAuthn ceremony on mc serve → redeemed → allowed → replay refused → 35 min later denied', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-approvals-serve-'));
  assert.equal(mc(cwd, {}, 'init').code, 0);
  writeFileSync(join(cwd, 'policy', 'data', 'gates.yaml'), APPROVAL_GATES);
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([]));
  assert.equal(mc(cwd, {}, 'ingest', digest, '--name', 'registry.example/acme/api', '--sbom', 'sbom.json').code, 0);

  const child = spawn(process.execPath, [...tsx, 'serve', '--port', '0', '--checkpoint-interval', '0'], {
    cwd,
    env: { ...process.env, ...ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  try {
    let port = 0;
    for (let i = 0; i < 600 && port === 0; i++) {
      const m = /listening on http:\/\/[\d.]+:(\d+)/.exec(err);
      if (m) port = Number(m[1]);
      else if (child.exitCode !== null) throw new Error(`mc serve exited: ${err}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(port > 0, err);
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const post = async (path: string, body: unknown) => {
      const r = await fetch(base + path, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Json };
    };

    assert.equal((await fetch(`${base}/v1/verify?digest=${digest}&env=prod`)).status, 403);
    const page = mc(
      cwd,
      { MC_PUBLIC_URL: `http://localhost:${port}` },
      'approvals',
      'request',
      '--digest',
      digest,
      '--env',
      'prod',
    );
    assert.match(page.out, new RegExp(`http://localhost:${port}/approve\\?digest=`));
    const html = await fetch(`${base}/approve?digest=${digest}&env=prod`);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /navigator\.credentials\.get/);

    // The browser's part, done by a software authenticator on the page's origin (RP ID localhost).
    const authn = new SoftAuthenticator(`http://localhost:${port}`);
    const regOptions = await post('/v1/webauthn/register/options', {});
    assert.equal(
      (
        await post('/v1/webauthn/register/verify', {
          response: authn.register(regOptions.json as { challenge: string }),
        })
      ).status,
      201,
    );
    const options = await post('/v1/approvals/options', { digest, env: 'prod' });
    const minted = await post('/v1/approvals/verify', {
      response: authn.assert(options.json as { challenge: string }),
    });
    assert.equal(minted.status, 200, JSON.stringify(minted.json));
    const token = String(minted.json.token);
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;
    assert.ok(
      jwks.keys.some((k) => k.kid === kid),
      'the token is signed by a published key',
    );

    const redeemed = await post('/v1/approvals/redeem', { digest, env: 'prod', token });
    assert.equal(redeemed.status, 201, JSON.stringify(redeemed.json));
    const allowed = await fetch(`${base}/v1/verify?digest=${digest}&env=prod`);
    assert.equal(allowed.status, 200, await allowed.text());
    const replay = await post('/v1/approvals/redeem', { digest, env: 'prod', token });
    assert.equal(replay.status, 409);
    assert.deepEqual(Object.keys(replay.json), ['error']);
    assert.equal(replay.json.error?.code, 'APPROVAL_REPLAYED');
    // Another process over the same store refuses it too (the nonce is unique in the store).
    const cliReplay = mc(cwd, {}, 'approvals', 'redeem', token, '--digest', digest, '--env', 'prod', '--json');
    assert.equal(cliReplay.code, 1);
    assert.equal(JSON.parse(cliReplay.out).error.code, 'APPROVAL_REPLAYED');

    const later = mc(cwd, { MC_NOW: '2026-11-22T10:35:00Z' }, 'verify', digest, '--env', 'prod', '--json');
    assert.equal(later.code, 1, later.out);
    const gate = JSON.parse(later.out).gates.find((g: { gate: string }) => g.gate === 'approvals');
    assert.deepEqual(
      gate.reasons.map((r: { code: string }) => r.code),
      ['APPROVAL_MISSING', 'APPROVAL_EXPIRED'],
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
