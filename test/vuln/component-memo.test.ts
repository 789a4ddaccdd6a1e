/**
 * The matcher's remembered answers (the component memo and the version cells) equal the answers computed afresh: whatever the purl (plain,
 * with qualifiers or a subpath, scoped, percent-encoded, empty or bad version, unparsable), the
 * component's other fields, the order components come in and how often the memo is forgotten.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Component } from '../../src/domain/evidence.js';
import { plainVersionAt } from '../../src/vuln/component-memo.js';
import { AdvisoryIndex, type MatchAnswer } from '../../src/vuln/matcher.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';

const NOW = new Date('2026-11-22T00:00:00Z');

const affected = (ecosystem: string, name: string, events: object[], extra: object = {}) => ({
  package: { ecosystem, name },
  ranges: [{ type: 'ECOSYSTEM', events }],
  ...extra,
});
const record = (id: string, affectedList: object[], extra: object = {}): OsvRecord =>
  ({ id, modified: '2024-01-01T00:00:00Z', affected: affectedList, ...extra }) as OsvRecord;

export const RECORDS: OsvRecord[] = [
  record('X-1', [affected('npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }])], { aliases: ['CVE-1'] }),
  record('X-2', [affected('npm', 'a', [{ introduced: '1.0.0' }])], { aliases: ['CVE-1'] }),
  record('X-3', [affected('npm', '@scope/b', [{ introduced: '0' }, { last_affected: '1.0.0' }])]),
  record('PYSEC-1', [
    affected('PyPI', 'Django_Thing', [{ introduced: '1.0' }, { fixed: '1.2' }], { versions: ['0.9'] }),
  ]),
  record('GO-1', [
    {
      package: { ecosystem: 'Go', name: 'example.com/m' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }],
    },
  ]),
  record('DSA-1', [affected('Debian:12', 'openssl', [{ introduced: '0' }, { fixed: '3.0.11-1' }])]),
  record('M-1', [affected('Maven', 'g:a', [{ introduced: '0' }])]),
  record('GIT-1', [
    { package: { ecosystem: 'npm', name: 'c' }, ranges: [{ type: 'GIT', events: [{ introduced: 'abc' }] }] },
  ]),
];

const BASES = [
  'pkg:npm/a',
  'pkg:npm/%40scope/b',
  'pkg:npm/@scope/b',
  'pkg:npm/c',
  'pkg:npm/nothing',
  'pkg:npm/x',
  'pkg:pypi/django-thing',
  'pkg:pypi/Django.Thing',
  'pkg:golang/example.com/m',
  'pkg:deb/debian/openssl',
  'pkg:maven/g/a',
  'pkg:generic/x',
  'pkg:npm/a@b',
  'not-a-purl',
  'pkg:',
];
const VERSIONS = [
  '',
  '@1.0.0',
  '@2.0.0',
  '@v1.2.3',
  '@1.0',
  '@1.1',
  '@0.9',
  '@%31.0.0',
  '@%zz',
  '@',
  '@banana',
  '@3.0.11-1',
];
const SUFFIXES = ['', '', '', '?distro=debian-12', '#sub/path', '?a=b#c'];

const component: fc.Arbitrary<Component> = fc
  .record({
    purl: fc
      .tuple(fc.constantFrom(...BASES), fc.constantFrom(...VERSIONS), fc.constantFrom(...SUFFIXES))
      .map((p) => p.join('')),
    name: fc.constantFrom('a', 'b', 'django-thing', 'openssl'),
    version: fc.option(fc.constantFrom('1.0.0', '3.0.0', '1.1'), { nil: undefined }),
    ecosystem: fc.option(fc.constantFrom('npm', 'pypi'), { nil: undefined }),
    withoutPurl: fc.boolean(),
  })
  .map(({ purl, name, version, ecosystem, withoutPurl }) => {
    const c: Component = { name, licenses: [], hashes: {} };
    if (!withoutPurl) c.purl = purl;
    if (version !== undefined) c.version = version;
    if (ecosystem !== undefined) c.ecosystem = ecosystem;
    return c;
  });

/** Each component's answer computed afresh, by an index that has remembered nothing (no memo, no version cells). */
export function afresh(records: readonly OsvRecord[], components: readonly Component[]): MatchAnswer {
  const answers = components.map((c) =>
    // biome-ignore lint/complexity/useLiteralKeys: evaluate is private; bracket access is how a test reaches it
    new AdvisoryIndex(records, { now: NOW, memoSize: 0 })['evaluate'](c),
  );
  return { findings: answers.flatMap((a) => a.findings), notEvaluable: answers.flatMap((a) => a.notEvaluable) };
}

for (const memoSize of [undefined, 0, 1, 3]) {
  test(`remembered answers equal fresh ones (memoSize ${memoSize ?? 'default'})`, () => {
    fc.assert(
      fc.property(fc.array(fc.array(component, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), (sboms) => {
        const index = new AdvisoryIndex(RECORDS, { now: NOW, ...(memoSize === undefined ? {} : { memoSize }) });
        // Each SBOM twice: the second pass is answered from the memo where it remembers.
        for (const sbom of [...sboms, ...sboms]) assert.deepStrictEqual(index.match(sbom), afresh(RECORDS, sbom));
      }),
      { numRuns: 300 },
    );
  });
}

test('a plain purl splits where purl-spec splits its version; others are not plain', () => {
  assert.equal(plainVersionAt('pkg:npm/a@1.0.0'), 9);
  assert.equal(plainVersionAt('pkg:npm/%40scope/b@1.0.0'), 18);
  assert.equal(plainVersionAt('pkg:npm/@scope/b@1.0.0'), 16);
  for (const other of ['pkg:npm/a', 'pkg:npm/@scope/b', 'pkg:npm/a@1?x=y', 'pkg:npm/a@1#p', 'pkg:npm/a@b@1', '@1'])
    assert.equal(plainVersionAt(other), -1, other);
});
