import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '../../src/app/installation.js';
import { syncAdvisories } from '../../src/app/advisory-sync.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH, max_advisory_age: 24h }
`;
const digest = `sha256:${'d'.repeat(64)}`;
const T0 = Date.parse('2026-11-29T00:00:00Z');

for (const engine of ENGINES) {
  describe(`max_advisory_age through verify on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let now = T0;
    let store: ReleaseStore;
    let mc: Installation;
    const mirror = mkdtempSync(join(tmpdir(), 'mc-osv-'));
    writeFileSync(
      join(mirror, 'GHSA-x.json'),
      JSON.stringify({
        id: 'GHSA-x',
        modified: '2026-11-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'npm', name: 'other' }, versions: ['1.0.0'] }],
      }),
    );
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => new Date(now));
      mc = testInstallation(makeWorkspace(GATES), store, () => new Date(now));
      await mc.gate.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
    });
    after(async () => store?.close());

    const codes = async () =>
      (await mc.gate.verify(digest, 'prod', 'never')).decision.gates
        .find((g) => g.gate === 'vulnerabilities')!
        .reasons.map((r) => r.code);

    test('fresh advisories pass; 24 h later the same decision denies VULN_DATA_STALE; a sync that changes nothing makes them fresh', async () => {
      await syncAdvisories(mc.advisories, [mirror], { now: new Date(now) });
      now = T0 + 3_600_000;
      assert.deepEqual(await codes(), ['VULN_NONE_BLOCKING']);
      now = T0 + 25 * 3_600_000;
      assert.deepEqual(await codes(), ['VULN_DATA_STALE'], 'the cached pass expired with the data');
      await syncAdvisories(mc.advisories, [mirror], { now: new Date(now) });
      assert.deepEqual(await codes(), ['VULN_NONE_BLOCKING'], 'the stale deny was not cached');
    });
  });
}
