/**
 * Version cells (src/vuln/version-cells.ts) only ever shortcut the evaluation of every advisory of
 * a package: for generated advisories (ranges of every kind, limits, `versions` lists, aliases,
 * distro releases, events that do not parse) and components at versions drawn from the same pool
 * (so that many share a cell; some listed verbatim, some unparsable), one index answering every
 * component in turn gives what a fresh index gives each component alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Component } from '../../src/domain/evidence.js';
import { AdvisoryIndex } from '../../src/vuln/matcher.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import { afresh } from './component-memo.test.js';

const NOW = new Date('2026-11-22T00:00:00Z');

interface Space {
  ecosystems: string[];
  name: string;
  purl: (version: string, release?: string) => string;
  versions: string[];
}

const SPACES: Space[] = [
  {
    ecosystems: ['PyPI'],
    name: 'Some_Pkg',
    purl: (v) => `pkg:pypi/some-pkg@${encodeURIComponent(v)}`,
    versions: [
      '0',
      '0.9',
      '1.0',
      '1.0.0',
      '1.0a1',
      '1.0.post1',
      '1.0.dev2',
      '1.1',
      '1.2.3',
      '2.0',
      '1!0.5',
      '0.1-bulbasaur',
      'x;y',
    ],
  },
  {
    ecosystems: ['Go'],
    name: 'example.com/m',
    purl: (v) => `pkg:golang/example.com/m@${v.startsWith('v') ? v : `v${v}`}`,
    versions: [
      '0',
      '1.0.0',
      'v1.0.0',
      '1.2.3',
      '1.2.3-pre',
      '1.3.0',
      '2.0.0+incompatible',
      '0.0.0-20191109021931-daa7c04131f5',
      'v1',
      '1.2',
    ],
  },
  {
    ecosystems: ['Debian:11', 'Debian:12'],
    name: 'openssl',
    purl: (v, r) => `pkg:deb/debian/openssl@${encodeURIComponent(v)}${r === undefined ? '' : `?distro=debian-${r}`}`,
    versions: ['0', '1.1.1n-0+deb11u4', '3.0.11-1', '3.0.11-1~deb12u2', '3.0.13-1', '1:2.0', 'a1.0'],
  },
];

const KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function records(space: Space): fc.Arbitrary<OsvRecord[]> {
  const version = fc.constantFrom(...space.versions);
  const event = fc.oneof(
    fc.constant({ introduced: '0' }),
    fc.constant({ limit: '*' }),
    fc.tuple(fc.constantFrom(...KINDS), version).map(([k, v]) => ({ [k]: v })),
  );
  const affected = fc.record({
    package: fc.constantFrom(...space.ecosystems).map((ecosystem) => ({ ecosystem, name: space.name })),
    ranges: fc.array(
      fc.record({
        type: fc.constantFrom('ECOSYSTEM', 'SEMVER', 'GIT'),
        events: fc.array(event, { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 2 },
    ),
    versions: fc.array(version, { maxLength: 3 }),
  });
  return fc
    .array(
      fc.record({
        affected: fc.array(affected, { minLength: 1, maxLength: 2 }),
        aliases: fc.array(fc.constantFrom('CVE-1', 'CVE-2', 'GHSA-3'), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((rs) => rs.map((r, i) => ({ id: `X-${i}`, modified: '2024-01-01T00:00:00Z', ...r }) as unknown as OsvRecord));
}

function components(space: Space): fc.Arbitrary<Component[]> {
  return fc.array(
    fc
      .tuple(fc.constantFrom(...space.versions), fc.constantFrom(undefined, '11', '12'))
      .map(([v, release]): Component => ({ name: space.name, licenses: [], hashes: {}, purl: space.purl(v, release) })),
    { minLength: 1, maxLength: 30 },
  );
}

for (const space of SPACES) {
  test(`version cells answer as a fresh evaluation does (${space.ecosystems.join(', ')})`, () => {
    fc.assert(
      fc.property(records(space), components(space), (recs, comps) => {
        // No component memo: every component goes through evaluation, and so through the cells.
        const index = new AdvisoryIndex(recs, { now: NOW, memoSize: 0 });
        for (const c of comps) assert.deepStrictEqual(index.match([c]), afresh(recs, [c]));
      }),
      { numRuns: 300 },
    );
  });
}
