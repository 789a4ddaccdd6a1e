import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, freshSchemaUrl } from '../support/engines.js';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

/** `mc revoke`, `mc reinstate` and `mc lineage` through the real CLI (from src with tsx), on each engine. */
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const d = (c: string) => `sha256:${c.repeat(64)}`;
const STACK = /\n\s+at .*\.(ts|js|mjs|cjs):\d+/;

function mc(cwd: string, env: Record<string, string>, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_TRUST_POLICY: '', MC_NOW: '2026-11-22T10:00:00Z', ...env },
    timeout: 120_000,
  });
  assert.doesNotMatch(r.stderr, STACK);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

for (const engine of ENGINES) {
  describe(`mc revoke / reinstate / lineage on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    test('revoke propagates, lineage explains, verify denies, reinstate restores; bad input is exit 2', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'mc-revoke-'));
      const env = {
        MC_DATABASE_URL: engine.name === 'postgres' ? await freshSchemaUrl(process.env.MC_TEST_DATABASE_URL!) : '',
      };
      const run = (...args: string[]) => mc(cwd, env, args);
      assert.equal(run('init', '--json').code, 0);
      writeFileSync(
        join(cwd, 'sbom.json'),
        cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]),
      );
      assert.equal(run('ingest', d('b'), '--name', 'registry.example/base', '--sbom', 'sbom.json').code, 0);
      const child = run('ingest', d('c'), '--parent', d('b'), '--sbom', 'sbom.json');
      assert.equal(child.code, 0, child.err);
      assert.match(child.out, new RegExp(`^parents  ${d('b')}$`, 'm'));

      const revoked = run('revoke', d('b'), '--reason', 'compromised builder', '--json');
      assert.equal(revoked.code, 0, revoked.err);
      assert.deepEqual(
        JSON.parse(revoked.out).changes.map((r: { digest: string; cause: string }) => [r.digest, r.cause]),
        [
          [d('b'), 'manual'],
          [d('c'), 'lineage'],
        ],
      );
      const again = run('revoke', d('b'), '--reason', 'again');
      assert.equal(again.code, 0);
      assert.match(again.out, /already revoked in every environment \(nothing changed\)/);

      const lineage = run('lineage', d('c'));
      assert.equal(lineage.code, 0, lineage.err);
      assert.match(lineage.out, /NOT promotable/);
      assert.match(
        lineage.out,
        new RegExp(`through ${d('b')} \\(manual\\): compromised builder; chain ${d('b')} → ${d('c')}`),
      );
      const report = JSON.parse(run('lineage', d('b'), '--json').out);
      assert.deepEqual(
        report.descendants.map((n: { digest: string; promotable: boolean }) => [n.digest, n.promotable]),
        [[d('c'), false]],
      );

      const show = run('show', d('c'));
      assert.match(
        show.out,
        new RegExp(`REVOKED in every environment via ${d('b')} → ${d('c')}: compromised builder \\(manual`),
      );

      const verify = run('verify', d('c'), '--env', 'prod', '--json');
      assert.equal(verify.code, 1, `a deny: ${verify.err}`);
      assert.ok(verify.out.trim(), `the decision JSON: ${verify.err}`);
      const gate = JSON.parse(verify.out).gates.find((g: { gate: string }) => g.gate === 'promotable');
      assert.equal(gate.reasons[0].code, 'REVOKED_BY_ANCESTOR');

      for (const [args, code] of [
        [['revoke', d('0'), '--reason', 'x'], /ARTIFACT_UNKNOWN/],
        [['revoke', d('b')], /REASON_MISSING/],
        [['revoke', d('b'), '--env', 'nowhere', '--reason', 'x'], /ENVIRONMENT_UNKNOWN/],
        [['reinstate', d('c'), '--reason', 'x'], /REVOKED_BY_ANCESTOR/],
        [['lineage', 'sha256:nope'], /BAD_DIGEST/],
        [['ingest', d('b'), '--parent', d('c'), '--sbom', 'sbom.json'], /LINEAGE_CYCLE/],
      ] as const) {
        const r = run(...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
        assert.match(r.err, code);
      }

      const reinstated = run('reinstate', d('b'), '--reason', 'builder rebuilt');
      assert.equal(reinstated.code, 0, reinstated.err);
      assert.match(reinstated.out, /2 change\(s\) recorded in the ledger/);
      const events = JSON.parse(run('events', '--digest', d('c'), '--json').out).events;
      assert.deepEqual(
        events.map((e: { type: string; cause: string }) => [e.type, e.cause]),
        [
          ['reinstate', 'lineage'],
          ['revoke', 'lineage'],
        ],
      );
    });
  });
}
