import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';
import { APPROVAL_GATES } from '../app/approvals/approval-flow.test.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const digest = `sha256:${'c'.repeat(64)}`;
const T0 = '2026-11-29T12:00:00Z';

function mc(cwd: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: T0, USER: 'ops', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-approvals-'));
  assert.equal(mc(cwd, {}, 'init').code, 0);
  writeFileSync(join(cwd, 'policy', 'data', 'gates.yaml'), APPROVAL_GATES);
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([]));
  const ingest = mc(cwd, {}, 'ingest', digest, '--name', 'registry.example/acme/api', '--sbom', 'sbom.json');
  assert.equal(ingest.code, 0, ingest.err);
  return cwd;
}

test('mc bypass: request → three distinct approvers → prod allowed → 4 h later denied again → report', () => {
  const cwd = workspace();
  assert.equal(mc(cwd, { MC_NOW: '2026-11-29T11:59:00Z' }, 'verify', digest, '--env', 'prod').code, 1);
  const req = mc(
    cwd,
    { USER: 'sam' },
    'bypass',
    'request',
    '--digest',
    digest,
    '--env',
    'prod',
    '--incident',
    'SEV1-9',
    '--reason',
    'checkout down',
    '--json',
  );
  assert.equal(req.code, 0, req.err);
  const { id, approveUrl } = JSON.parse(req.out);
  assert.equal(approveUrl, `http://localhost:8080/approve?bypass=${id}`);
  const page = mc(cwd, {}, 'bypass', 'approve', id);
  assert.match(page.out, /\/approve\?bypass=/);
  assert.equal(mc(cwd, { USER: 'sec' }, 'bypass', 'approve', id, '--role', 'security').code, 0);
  const dup = mc(cwd, { USER: 'sec' }, 'bypass', 'approve', id, '--role', 'release', '--json');
  assert.equal(dup.code, 1);
  assert.equal(JSON.parse(dup.out).error.code, 'BYPASS_DUPLICATE_APPROVER');
  const badRole = mc(cwd, { USER: 'x' }, 'bypass', 'approve', id, '--role', 'janitor', '--json');
  assert.equal(badRole.code, 2);
  assert.equal(JSON.parse(badRole.out).error.code, 'BYPASS_INVALID');
  assert.equal(mc(cwd, { USER: 'rel' }, 'bypass', 'approve', id, '--role', 'release').code, 0);
  assert.equal(mc(cwd, { USER: 'own' }, 'bypass', 'approve', id, '--role', 'owner').code, 0);
  const allowed = mc(cwd, {}, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(allowed.code, 0, allowed.out);
  assert.ok(JSON.parse(allowed.out).gates.some((g: { result: string }) => g.result === 'bypassed'));
  const later = { MC_NOW: '2026-11-29T16:00:00Z' };
  assert.equal(mc(cwd, later, 'verify', digest, '--env', 'prod').code, 1);
  const report = mc(cwd, later, 'bypass', 'report', id);
  assert.equal(report.code, 0, report.err);
  assert.match(report.out, /\| security \| cli:sec \|/);
  assert.match(report.out, /\| owner \| cli:own \|/);
  assert.match(report.out, /Decisions made under it \(1\)/);
  assert.match(report.out, /State: \*\*reverted\*\*/);
  const status = JSON.parse(mc(cwd, later, 'bypass', 'status', id, '--json').out);
  assert.equal(status.state, 'reverted');
  assert.equal(status.endedAt, '2026-11-29T16:00:00.000Z');
  const missing = mc(cwd, {}, 'bypass', 'status', 'byp-none', '--json');
  assert.equal(missing.code, 2);
  assert.equal(JSON.parse(missing.out).error.code, 'BYPASS_NOT_FOUND');
});

test('mc approvals: request prints the page, a bad token is refused with its code, exceptions are time-boxed', () => {
  const cwd = workspace();
  const req = mc(
    cwd,
    { MC_PUBLIC_URL: 'https://mc.example' },
    'approvals',
    'request',
    '--digest',
    digest,
    '--env',
    'prod',
  );
  assert.equal(req.code, 0, req.err);
  assert.match(req.out, new RegExp(`https://mc\\.example/approve\\?digest=${digest}&env=prod`));
  const env = mc(cwd, {}, 'approvals', 'request', '--digest', digest, '--env', 'moon', '--json');
  assert.equal(env.code, 2);
  assert.equal(JSON.parse(env.out).error.code, 'ENVIRONMENT_UNKNOWN');
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
  const bad = mc(cwd, {}, 'approvals', 'redeem', none, '--digest', digest, '--env', 'prod', '--json');
  assert.equal(bad.code, 1);
  assert.equal(JSON.parse(bad.out).error.code, 'APPROVAL_TOKEN_ISSUER');
  const long = mc(
    cwd,
    {},
    'approvals',
    'exceptions',
    'add',
    '--service',
    'registry.example/acme/api',
    '--env',
    'prod',
    '--owner',
    'acme',
    '--reason',
    'freeze',
    '--ttl',
    '2d',
    '--json',
  );
  assert.equal(long.code, 2);
  assert.equal(JSON.parse(long.out).error.code, 'EXCEPTION_INVALID');
  const ok = mc(
    cwd,
    {},
    'approvals',
    'exceptions',
    'add',
    '--service',
    'registry.example/acme/api',
    '--env',
    'prod',
    '--owner',
    'acme',
    '--reason',
    'freeze',
    '--ttl',
    '4h',
    '--json',
  );
  assert.equal(ok.code, 0, ok.out);
  assert.equal(mc(cwd, {}, 'verify', digest, '--env', 'prod').code, 0);
  assert.equal(mc(cwd, { MC_NOW: '2026-11-29T16:00:00Z' }, 'verify', digest, '--env', 'prod').code, 1);
  const bad2 = mc(
    cwd,
    { MC_WEBAUTHN_RP_ID: '127.0.0.1' },
    'approvals',
    'request',
    '--digest',
    digest,
    '--env',
    'prod',
    '--json',
  );
  assert.equal(bad2.code, 2);
  assert.equal(JSON.parse(bad2.out).error.code, 'CONFIG_INVALID');
});
