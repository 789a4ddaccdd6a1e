import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { cyclonedx } from '../support/workspace.js';
import { ACCESS_YAML } from '../support/access.js';
import { repoRoot } from '../support/shared-data.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');

function mc(cwd: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
    env: {
      ...process.env,
      MC_HOME: '',
      MC_DATABASE_URL: '',
      MC_NOW: '2026-11-22T10:00:00Z',
      MC_ACCESS_TOKENS_FILE: join(cwd, 'tokens.yaml'),
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc access check explains a decision (exit 0 allow, 1 deny, 2 bad input); lint and hash-token', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-access-cli-'));
  assert.equal(mc(cwd, ['init', '--json']).code, 0);
  const token = 'ci-payments-token-0123456789';
  const hash = mc(cwd, ['access', 'hash-token'], `${token}\n`);
  assert.equal(hash.out.trim(), createHash('sha256').update(token).digest('hex'));
  writeFileSync(
    join(cwd, 'tokens.yaml'),
    `tokens:\n  - { label: ci-payments, sha256: ${hash.out.trim()}, roles: [ci], team: payments }\n`,
  );
  writeFileSync(join(cwd, 'policy', 'data', 'access.yaml'), ACCESS_YAML);

  const auditor = mc(cwd, ['access', 'check', '--as', 'auditor', '--action', 'read_decisions', '--json']);
  assert.equal(auditor.code, 0, auditor.err);
  assert.equal(JSON.parse(auditor.out).rule, 'auditors');
  assert.match(JSON.parse(auditor.out).accessPolicyHash, /^sha256:/);

  const denied = mc(cwd, ['access', 'check', '--as', 'auditor', '--action', 'waive']);
  assert.equal(denied.code, 1);
  assert.match(denied.out, /^deny: as:auditor/);
  assert.match(denied.out, /no rule allows it/);

  // The token's label from the tokens file: a digest the store has never named belongs to no team.
  const ci = mc(cwd, [
    'access',
    'check',
    '--as',
    'ci-payments',
    '--action',
    'verify',
    '--digest',
    `sha256:${'3'.repeat(64)}`,
    '--json',
  ]);
  assert.equal(ci.code, 1);
  const r = JSON.parse(ci.out);
  assert.equal(r.subject.label, 'token:ci-payments');
  assert.match(r.trace.find((t: { rule: string }) => t.rule === 'ci-own-team').because, /no team/);

  const release = mc(cwd, ['access', 'check', '--as', 'release', '--action', 'approve', '--env', 'prod', '--json']);
  assert.equal(release.code, 0);
  assert.equal(JSON.parse(release.out).stepUp, true, 'prod is high sensitivity: step-up applies over HTTP');

  assert.equal(mc(cwd, ['access', 'check', '--as', 'auditor', '--action', 'deploy']).code, 2);
  assert.equal(mc(cwd, ['access', 'check', '--as', 'Not Valid!', '--action', 'verify']).code, 2);

  // What the local CLI writes is recorded as cli:<os-user>.
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([]));
  assert.equal(mc(cwd, ['ingest', `sha256:${'5'.repeat(64)}`, '--sbom', 'sbom.json']).code, 0);
  const db = new Database(join(cwd, '.mc', 'mc.db'), { readonly: true });
  const rows = db.prepare("select entry from ledger_entries where kind = 'ingest'").all() as Array<{ entry: Buffer }>;
  db.close();
  assert.match(JSON.parse(Buffer.from(rows[0]!.entry).toString('utf8')).actor, /^cli:/);
  // So is the decision mc verify records (its ledger entry's actor, `mc` before).
  assert.ok([0, 1].includes(mc(cwd, ['verify', `sha256:${'5'.repeat(64)}`, '--env', 'dev']).code!));
  const ledger = new Database(join(cwd, '.mc', 'mc.db'), { readonly: true });
  const decided = ledger.prepare("select entry from ledger_entries where kind = 'decision'").all() as Array<{
    entry: Buffer;
  }>;
  ledger.close();
  assert.equal(decided.length, 1);
  assert.match(JSON.parse(Buffer.from(decided[0]!.entry).toString('utf8')).actor, /^cli:./);

  assert.equal(mc(cwd, ['access', 'lint']).code, 0);
  writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\nrules:\n  - { id: a, roles: [x], actions: [deploy] }\n');
  const lint = mc(cwd, ['access', 'lint', '--file', join(cwd, 'bad.yaml')]);
  assert.equal(lint.code, 2);
  assert.match(lint.out, /bad\.yaml:3:\d+: error/);
});

test('mc serve refuses a tokens file without access rules (exit 2 CONFIG_INVALID), rather than give its roles no meaning', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-access-serve-'));
  assert.equal(mc(cwd, ['init', '--json']).code, 0);
  writeFileSync(join(cwd, 'tokens.yaml'), `tokens:\n  - { label: ci, sha256: ${'a'.repeat(64)}, roles: [ci] }\n`);
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'serve', '--port', '0'], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_ACCESS_TOKENS_FILE: join(cwd, 'tokens.yaml') },
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /CONFIG_INVALID|need access rules/);
});
