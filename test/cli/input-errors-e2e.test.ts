import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

/**
 * Bad input to the real CLI (run from src with tsx, so no build is needed): every case ends with
 * exit 2 and the error code on stderr, or a clean message, never a stack trace or a hang.
 */
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const digest = `sha256:${'5'.repeat(64)}`;
const ENV = { MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: '2026-11-22T10:00:00Z', MC_TRUST_POLICY: '' };
const STACK = /\n\s+at .*\.(ts|js|mjs|cjs):\d+/;

function mc(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV, ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(): { cwd: string; vkey: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-input-errors-'));
  const init = mc(cwd, ['init', '--json']);
  assert.equal(init.code, 0, init.err);
  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]),
  );
  return { cwd, vkey: JSON.parse(init.out).ledger.vkey as string };
}

const BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;

test('bad input is exit 2 with its code, never a stack trace', () => {
  const { cwd, vkey } = workspace();
  const cases: Array<[args: string[], code: RegExp, env?: Record<string, string>]> = [
    [['ingest', digest, '--sbom', '/dev/zero'], /FILE_TOO_LARGE/], // reports size 0, never ends: the bytes read are capped
    [['ingest', digest, '--sbom', 'policy'], /NOT_A_FILE: evidence file policy is a directory/],
    [['evidence', 'verify-offline', 'policy', '--vkey', vkey], /NOT_A_FILE: evidence pack policy is a directory/],
    [['advisories', 'sync', '--from', '/dev/zero'], /NOT_A_FILE/],
    [['verify', digest, '--env', 'dev'], /MC_NOW_INVALID: MC_NOW must be an ISO 8601 time/, { MC_NOW: 'garbage' }],
    [['verify', digest, '--env', 'dev'], /MC_NOW_INVALID/, { MC_NOW: '12' }],
    [['ingest', digest, '--parent', digest, '--sbom', 'sbom.json'], /PARENT_IS_SELF/],
  ];
  for (const [args, code, env] of cases) {
    const r = mc(cwd, args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, code, args.join(' '));
    assert.doesNotMatch(r.err, STACK, `${args.join(' ')}: no stack trace`);
  }
  const json = mc(cwd, ['ingest', digest, '--parent', digest, '--sbom', 'sbom.json', '--json']);
  assert.equal(JSON.parse(json.out).error.code, 'PARENT_IS_SELF');
  assert.equal(mc(cwd, ['show', digest, '--json']).code, 2, 'nothing was stored for the refused ingest');
});

test('an alias bomb in gates.yaml or waivers.yaml: verify and gates lint exit 2 with the typed code, no stack', () => {
  const { cwd } = workspace();
  assert.equal(mc(cwd, ['ingest', digest, '--sbom', 'sbom.json']).code, 0);
  writeFileSync(join(cwd, 'policy/waivers.yaml'), `version: 1\nwaivers: []\nx-bomb:\n${BOMB.replace(/^/gm, '  ')}`);
  for (const args of [
    ['verify', digest, '--env', 'dev'],
    ['gates', 'lint'],
  ]) {
    const r = mc(cwd, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err + r.out, /waivers\.yaml/);
    assert.doesNotMatch(r.err, STACK);
  }
  assert.match(mc(cwd, ['verify', digest, '--env', 'dev']).err, /POLICY_YAML_ALIAS_LIMIT/);
  writeFileSync(join(cwd, 'policy/data/gates.yaml'), `version: 1\n${BOMB}`);
  const verify = mc(cwd, ['verify', digest, '--env', 'dev', '--json']);
  assert.equal(verify.code, 2);
  assert.equal(JSON.parse(verify.out).error.code, 'POLICY_YAML_ALIAS_LIMIT');
  assert.doesNotMatch(verify.err, STACK);
  const lint = mc(cwd, ['gates', 'lint', '--json']);
  assert.equal(lint.code, 2);
  assert.deepEqual(
    new Set(JSON.parse(lint.out).issues.map((i: { file: string }) => i.file.replace(/.*\/policy\//, 'policy/'))),
    new Set(['policy/data/gates.yaml', 'policy/waivers.yaml']),
  );
});

test('gates lint reports waivers.yaml too when gates.yaml has errors and when --file is given', () => {
  const { cwd } = workspace();
  writeFileSync(
    join(cwd, 'policy/waivers.yaml'),
    'version: 1\nwaivers:\n  - advisory: GHSA-1\n    owner: a\n    reason: b\n    created: 2026-11-20T09:00:00Z\n    ttl: 0d\n',
  );
  writeFileSync(
    join(cwd, 'other-gates.yaml'),
    'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { sbom: enforce }\n',
  );
  const withFile = mc(cwd, ['gates', 'lint', '--file', 'other-gates.yaml', '--json']);
  assert.equal(withFile.code, 2, withFile.err);
  assert.deepEqual(
    JSON.parse(withFile.out).issues.map((i: { file: string; line: number }) => [i.file.replace(/.*\//, ''), i.line]),
    [['waivers.yaml', 7]],
  );

  writeFileSync(
    join(cwd, 'policy/data/gates.yaml'),
    'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { sbom: enforced }\n',
  );
  const both = mc(cwd, ['gates', 'lint']);
  assert.equal(both.code, 2);
  assert.match(both.out, /gates\.yaml:4:\d+: error/);
  assert.match(both.out, /waivers\.yaml:7:\d+: error: \/waivers\/0\/ttl "0d" is not a duration greater than zero/);
});

test('mc evidence pack and verify-offline count the same files and say what they count', () => {
  const { cwd, vkey } = workspace();
  assert.equal(mc(cwd, ['ingest', digest, '--sbom', 'sbom.json']).code, 0);
  const packed = mc(cwd, ['evidence', 'pack', digest, '--env', 'dev', '-o', 'release.tgz', '--json']);
  assert.equal(packed.code, 0, packed.err);
  const verified = mc(cwd, ['evidence', 'verify-offline', 'release.tgz', '--vkey', vkey, '--json']);
  assert.equal(verified.code, 0, verified.err);
  const [p, v] = [JSON.parse(packed.out), JSON.parse(verified.out)];
  assert.deepEqual([p.files, p.listed], [v.files, v.listed]);
  assert.equal(p.listed, p.files - 2, 'everything but manifest.json and manifest.sig is listed');
  const said = /(\d+) files \((\d+) listed in manifest\.json, plus manifest\.json and manifest\.sig\)/;
  const packText = said.exec(mc(cwd, ['evidence', 'pack', digest, '--env', 'dev', '-o', 'release2.tgz']).out);
  const verifyText = said.exec(mc(cwd, ['evidence', 'verify-offline', 'release2.tgz', '--vkey', vkey]).out);
  assert.ok(packText && verifyText);
  assert.deepEqual(packText.slice(1), verifyText.slice(1));
  assert.equal(Number(packText[1]), p.files);
});

test('mc serve on a port in use says which address and what to do, exit 2', async () => {
  const { cwd } = workspace();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), main, 'serve', '--port', String(port)],
        { cwd, env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, err });
      });
    });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`ADDRESS_IN_USE: 127\\.0\\.0\\.1:${port} is already in use.*--port`));
    assert.doesNotMatch(r.err, STACK);
  } finally {
    blocker.close();
  }
});

test('mc show --json | head: the closed pipe ends the command quietly with its own exit code', async () => {
  const { cwd } = workspace();
  writeFileSync(
    join(cwd, 'big.json'),
    cyclonedx(
      Array.from({ length: 5000 }, (_, i) => ({ name: `p${i}`, version: '1.0.0', purl: `pkg:npm/p${i}@1.0.0` })),
    ),
  );
  assert.equal(mc(cwd, ['ingest', digest, '--sbom', 'big.json']).code, 0);
  const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'show', digest, '--json'], {
      cwd,
      env: { ...process.env, ...ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // `head -c` after its first bytes
    child.on('exit', (code) => resolve({ code, err }));
  });
  assert.equal(r.err, '', 'nothing on stderr: no EPIPE stack');
  assert.equal(r.code, 0);
});
