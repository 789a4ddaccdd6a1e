import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const digest = `sha256:${'9'.repeat(64)}`;

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: '2026-11-22T10:00:00Z' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the built mc runs under plain node from any directory: init, ingest, verify, dry-run, plan, lint', {
  skip: existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)',
}, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-cli-'));
  const init = mc(cwd, 'init');
  assert.equal(init.code, 0, init.err + init.out);
  assert.ok(existsSync(join(cwd, 'policy/data/gates.yaml')), init.out);
  assert.ok(existsSync(join(cwd, '.mc/mc.db')));

  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]),
  );
  const ingest = mc(cwd, 'ingest', digest, '--name', 'registry.example/acme/api', '--sbom', 'sbom.json', '--json');
  assert.equal(ingest.code, 0, ingest.err);
  assert.equal(JSON.parse(ingest.out).evidence[0].kind, 'sbom');

  const dev = mc(cwd, 'verify', digest, '--env', 'dev', '--json');
  assert.equal(dev.code, 0, dev.err);
  assert.equal(JSON.parse(dev.out).allow, true);
  const prod = mc(cwd, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(prod.code, 1);
  const decision = JSON.parse(prod.out);
  assert.equal(decision.allow, false);
  assert.equal(decision.evaluatedAt, '2026-11-22T10:00:00.000Z');
  assert.equal(decision.gates.find((g: { gate: string }) => g.gate === 'sbom').result, 'pass');

  const dry = mc(cwd, 'dry-run', digest, '--env', 'prod', '--json');
  assert.equal(dry.code, 1);
  assert.deepEqual(JSON.parse(dry.out), decision, 'dry-run evaluates the same decision');
  const shown = JSON.parse(mc(cwd, 'show', digest, '--json').out);
  assert.equal(shown.decisions.length, 2, 'verify records, dry-run does not');

  const plan = JSON.parse(mc(cwd, 'plan', '--env', 'prod', '--json').out);
  assert.ok(plan.edges.some((e: { from: string; to: string }) => e.from === 'sbom' && e.to === 'vulnerabilities'));
  assert.equal(mc(cwd, 'gates', 'lint').code, 0);
});

test('usage and input errors exit 2, with the code on stderr', {
  skip: existsSync(bin) ? false : 'dist/ not built',
}, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-cli-'));
  mc(cwd, 'init');
  writeFileSync(join(cwd, 'bad.json'), '{"bomFormat": "CycloneDX", "specVersion": "1.5", "compo');
  const cases: Array<[string[], RegExp]> = [
    [['verify', 'sha256:abc', '--env', 'prod'], /BAD_DIGEST/],
    [['verify', digest, '--env', 'qa'], /ENVIRONMENT_UNKNOWN/],
    [['verify', digest], /required option/],
    [['ingest', digest, '--sbom', 'missing.json'], /FILE_NOT_FOUND/],
    [['ingest', digest, '--sbom', 'bad.json'], /MALFORMED_JSON/],
    [['no-such-command'], /unknown command/],
  ];
  for (const [args, stderr] of cases) {
    const r = mc(cwd, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, stderr);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  }
  writeFileSync(
    join(cwd, 'policy/data/gates.yaml'),
    'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { sbom: enforced }\n',
  );
  const lint = mc(cwd, 'gates', 'lint', '--json');
  assert.equal(lint.code, 2);
  assert.equal(JSON.parse(lint.out).issues[0].line, 4);
  assert.equal(mc(cwd, '--help').code, 0);
});
