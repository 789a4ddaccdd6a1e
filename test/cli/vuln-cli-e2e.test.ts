import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

// End to end on the built bin with real PyPI records (../shared/osv-data/pypi, pypa/advisory-database):
// aioxmpp 0.10.2 is affected by PYSEC-2019-1 (introduced 0, fixed 0.10.3), aliases CVE-2019-1000007
// and GHSA-6m9g-jr8c-cqw3; the record carries no severity, so unknown_severity (HIGH) blocks it.
const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const pypi = sharedPath('osv-data', 'pypi');
const skip = !existsSync(bin)
  ? 'dist/ not built: run npm run build (npm test does)'
  : pypi === undefined
    ? SHARED_SKIP
    : false;
const digest = `sha256:${'5'.repeat(64)}`;
const ADVISORY = 'PYSEC-2019-1';
const ALIASES = ['CVE-2019-1000007', 'GHSA-6m9g-jr8c-cqw3'];
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory, vulnerabilities: { mode: advisory, block: [CRITICAL] } }
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
waivers:
  max_ttl: 30d
`;
const OPENVEX = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/vex/1',
  author: 'team-a',
  timestamp: '2026-11-21T00:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: 'CVE-2019-1000007' },
      products: [{ '@id': 'pkg:pypi/aioxmpp@0.10.2' }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
    },
  ],
};
const CDX_VEX = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  version: 1,
  vulnerabilities: [
    {
      id: 'GHSA-6m9g-jr8c-cqw3',
      analysis: { state: 'not_affected', justification: 'code_not_reachable' },
      affects: [{ ref: 'pkg:pypi/aioxmpp@0.10.2' }],
    },
  ],
};

function mc(cwd: string, now: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: now },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Gate = {
  gate: string;
  result: string;
  reasons: Array<{ code: string; message: string; details?: { advisory?: string; aliases?: string[] } }>;
};
const vulnGate = (out: string): Gate => (JSON.parse(out).gates as Gate[]).find((g) => g.gate === 'vulnerabilities')!;

test('sync real PyPI advisories, then verify denies, a waiver waives until it expires, a VEX not_affected suppresses visibly', {
  skip,
}, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-vuln-e2e-'));
  const T0 = '2026-11-22T10:00:00Z';
  assert.equal(mc(cwd, T0, 'init').code, 0);
  writeFileSync(join(cwd, 'policy/data/gates.yaml'), GATES);
  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([
      { name: 'aioxmpp', version: '0.10.2', purl: 'pkg:pypi/aioxmpp@0.10.2' },
      { name: 'aioxmpp-next', version: '0.10.3', purl: 'pkg:pypi/aioxmpp@0.10.3' },
    ]),
  );
  assert.equal(mc(cwd, T0, 'ingest', digest, '--sbom', 'sbom.json').code, 0);

  const before = mc(cwd, T0, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(before.code, 1);
  assert.ok(
    vulnGate(before.out).reasons.some((r) => r.code === 'VULN_DATA_MISSING'),
    'never synced: fail closed',
  );
  assert.match(mc(cwd, T0, 'advisories', 'status').out, /no advisories synced/);

  // A malformed record beside the mirror is skipped, counted and logged; the sync goes on.
  const extra = join(cwd, 'extra');
  mkdirSync(extra);
  writeFileSync(join(extra, 'bad.json'), '{"id": "PYSEC-bad", ');
  const sync = mc(cwd, T0, 'advisories', 'sync', '--from', pypi!, '--from', extra, '--json');
  assert.equal(sync.code, 0, sync.err);
  const summary = JSON.parse(sync.out);
  assert.deepEqual([summary.added, summary.skipped, summary.skippedByReason], [2661, 1, { OSV_MALFORMED: 1 }]);
  assert.match(sync.err, /advisories: skipped bad\.json: OSV_MALFORMED/);
  assert.match(sync.err, /advisories: written 2661\/2661/);

  const denied = mc(cwd, T0, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(denied.code, 1, denied.err);
  const gate = vulnGate(denied.out);
  assert.equal(gate.result, 'fail');
  const blocking = gate.reasons.filter((r) => r.code === 'VULN_BLOCKING');
  assert.deepEqual(
    blocking.map((r) => r.details?.advisory),
    [ADVISORY],
    'only the vulnerable version matches',
  );
  assert.deepEqual(blocking[0]!.details?.aliases, ALIASES);
  for (const id of [ADVISORY, ...ALIASES]) assert.match(blocking[0]!.message, new RegExp(id));

  const add = mc(
    cwd,
    T0,
    'waivers',
    'add',
    '--advisory',
    'GHSA-6m9g-jr8c-cqw3',
    '--digest',
    digest,
    '--owner',
    'team-a',
    '--reason',
    'upgrade scheduled in XMPP-12',
    '--ttl',
    '7d',
    '--json',
  );
  assert.equal(add.code, 0, add.err);
  const waiver = JSON.parse(add.out);
  assert.equal(waiver.expires, '2026-11-29T10:00:00.000Z');
  const waived = mc(cwd, T0, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(waived.code, 0, waived.out);
  assert.equal(vulnGate(waived.out).result, 'waived');
  assert.match(mc(cwd, '2026-11-28T10:00:00Z', 'waivers', 'due', '--within', '48h').out, new RegExp(waiver.id));
  assert.doesNotMatch(mc(cwd, '2026-11-26T10:00:00Z', 'waivers', 'due', '--within', '48h').out, new RegExp(waiver.id));
  const expired = mc(cwd, '2026-11-29T10:00:00Z', 'verify', digest, '--env', 'prod', '--json');
  assert.equal(expired.code, 1);
  assert.ok(vulnGate(expired.out).reasons.some((r) => r.code === 'WAIVER_EXPIRED'));
  assert.equal(
    JSON.parse(mc(cwd, '2026-11-29T10:00:00Z', 'waivers', 'list', '--json').out).waivers[0].status,
    'expired',
  );
  assert.equal(
    mc(cwd, T0, 'waivers', 'add', '--advisory', ADVISORY, '--owner', 'a', '--reason', 'r', '--ttl', '31d').code,
    2,
    'ttl over max_ttl is an input error',
  );
  assert.equal(mc(cwd, T0, 'waivers', 'remove', waiver.id).code, 0);

  writeFileSync(join(cwd, 'vex.json'), JSON.stringify(OPENVEX));
  assert.equal(mc(cwd, T0, 'ingest', digest, '--vex', 'vex.json').code, 0);
  const suppressed = mc(cwd, T0, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(suppressed.code, 0, suppressed.out);
  const sgate = vulnGate(suppressed.out);
  assert.equal(sgate.result, 'pass');
  assert.ok(
    sgate.reasons.some((r) => r.code === 'VULN_SUPPRESSED_BY_VEX'),
    'the suppression is listed',
  );
});

test('mc vuln match: no store; exit 1 with findings, 0 when VEX suppresses them, 2 on bad input', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-vuln-match-'));
  const T0 = '2026-11-22T10:00:00Z';
  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([{ name: 'aioxmpp', version: '0.10.2', purl: 'pkg:pypi/aioxmpp@0.10.2' }]),
  );
  writeFileSync(
    join(cwd, 'clean.json'),
    cyclonedx([{ name: 'aioxmpp', version: '0.10.3', purl: 'pkg:pypi/aioxmpp@0.10.3' }]),
  );
  writeFileSync(join(cwd, 'openvex.json'), JSON.stringify(OPENVEX));
  writeFileSync(join(cwd, 'cdx-vex.json'), JSON.stringify(CDX_VEX));
  writeFileSync(join(cwd, 'bad.json'), '{"bomFormat": "CycloneDX", ');

  const hit = mc(cwd, T0, 'vuln', 'match', '--sbom', 'sbom.json', '--advisories', pypi!, '--json');
  assert.equal(hit.code, 1, hit.err);
  const out = JSON.parse(hit.out);
  assert.deepEqual(
    out.findings.map((f: { advisoryId: string; aliases: string[] }) => [f.advisoryId, f.aliases]),
    [[ADVISORY, ALIASES]],
  );
  assert.equal(out.open, 1);
  assert.equal(mc(cwd, T0, 'vuln', 'match', '--sbom', 'clean.json', '--advisories', pypi!).code, 0);
  // PyPI records say nothing about npm: an npm component is unknown, never clean.
  writeFileSync(
    join(cwd, 'npm.json'),
    cyclonedx([{ name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' }]),
  );
  const npm = mc(cwd, T0, 'vuln', 'match', '--sbom', 'npm.json', '--advisories', pypi!, '--json');
  assert.equal(npm.code, 1, npm.err);
  assert.deepEqual(JSON.parse(npm.out).uncoveredEcosystems, [
    { ecosystem: 'npm', components: 1, examples: ['pkg:npm/lodash@4.17.21'] },
  ]);
  for (const vex of ['openvex.json', 'cdx-vex.json']) {
    const r = mc(cwd, T0, 'vuln', 'match', '--sbom', 'sbom.json', '--advisories', pypi!, '--vex', vex, '--json');
    assert.equal(r.code, 0, vex);
    assert.equal(JSON.parse(r.out).findings[0].suppressedBy.status, 'not_affected', 'suppressed findings stay listed');
  }
  assert.equal(existsSync(join(cwd, '.mc')), false, 'no store was opened');
  for (const args of [
    ['--sbom', 'bad.json', '--advisories', pypi!],
    ['--sbom', 'sbom.json', '--advisories', join(cwd, 'nowhere')],
    ['--sbom', 'sbom.json', '--advisories', pypi!, '--vex', 'bad.json'],
    ['--sbom', 'sbom.json'],
  ]) {
    assert.equal(mc(cwd, T0, 'vuln', 'match', ...args).code, 2, args.join(' '));
  }
});
