import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cratesVersioning } from '../../../src/vuln/versioning/crates-versioning.js';
import { goVersioning } from '../../../src/vuln/versioning/go-versioning.js';
import { hexVersioning } from '../../../src/vuln/versioning/hex-versioning.js';
import { npmVersioning } from '../../../src/vuln/versioning/npm-versioning.js';
import { pubVersioning } from '../../../src/vuln/versioning/pub-versioning.js';
import { pypiVersioning } from '../../../src/vuln/versioning/pypi-versioning.js';
import { alpineVersioning } from '../../../src/vuln/versioning/alpine-versioning.js';
import { debianVersioning, ubuntuVersioning } from '../../../src/vuln/versioning/dpkg-versioning.js';
import { mavenVersioning } from '../../../src/vuln/versioning/maven-versioning.js';
import { nugetVersioning } from '../../../src/vuln/versioning/nuget-versioning.js';
import { packagistVersioning } from '../../../src/vuln/versioning/packagist-versioning.js';
import { rubygemsVersioning } from '../../../src/vuln/versioning/rubygems-versioning.js';
import type { VersionScheme } from '../../../src/vuln/versioning/version-scheme.js';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { fixtureFailures } from './check-fixture.js';
import { readComparisons, readVersionList } from './fixture-lines.js';
import { SEMVER_EXEMPTIONS } from './semver-exemptions.js';

// Ordering fixtures from google/osv-scalibr semantic/testdata and google/osv.dev
// (../shared/conformance/SOURCES.md §2); file-to-ecosystem mapping from upstream compare_test.go.
const NONE: ReadonlyMap<string, string> = new Map();
const CASES: ReadonlyArray<{
  name: string;
  scheme: VersionScheme;
  files: string[];
  exempt?: ReadonlyMap<string, string>;
}> = [
  { name: 'npm', scheme: npmVersioning, files: ['osv-scalibr/semver-versions.txt'], exempt: SEMVER_EXEMPTIONS.npm },
  {
    name: 'crates.io',
    scheme: cratesVersioning,
    files: ['osv-scalibr/semver-versions.txt'],
    exempt: SEMVER_EXEMPTIONS['crates.io'],
  },
  { name: 'Hex', scheme: hexVersioning, files: ['osv-scalibr/semver-versions.txt'], exempt: SEMVER_EXEMPTIONS.Hex },
  { name: 'Go', scheme: goVersioning, files: ['osv-scalibr/semver-versions.txt'], exempt: SEMVER_EXEMPTIONS.Go },
  { name: 'Pub', scheme: pubVersioning, files: ['osv-scalibr/pub-versions.txt'], exempt: SEMVER_EXEMPTIONS.Pub },
  {
    name: 'PyPI',
    scheme: pypiVersioning,
    files: ['osv-scalibr/pypi-versions.txt', 'osv-scalibr/pypi-versions-generated.txt'],
  },
  {
    name: 'Maven',
    scheme: mavenVersioning,
    files: ['osv-scalibr/maven-versions.txt', 'osv-scalibr/maven-versions-generated.txt'],
  },
  { name: 'NuGet', scheme: nugetVersioning, files: ['osv-scalibr/nuget-versions.txt'] },
  {
    name: 'RubyGems',
    scheme: rubygemsVersioning,
    files: ['osv-scalibr/rubygems-versions.txt', 'osv-scalibr/rubygems-versions-generated.txt'],
  },
  {
    name: 'Packagist',
    scheme: packagistVersioning,
    files: [
      'osv-scalibr/packagist-versions.txt',
      'osv-scalibr/packagist-versions-generated.txt',
      'osv.dev/packagist_test_cases.txt',
    ],
  },
  {
    name: 'Debian',
    scheme: debianVersioning,
    files: ['osv-scalibr/debian-versions.txt', 'osv-scalibr/debian-versions-generated.txt'],
  },
  { name: 'Ubuntu', scheme: ubuntuVersioning, files: ['osv-scalibr/debian-versions.txt'] },
  {
    name: 'Alpine',
    scheme: alpineVersioning,
    files: ['osv-scalibr/alpine-versions.txt', 'osv-scalibr/alpine-versions-generated.txt'],
  },
];

for (const c of CASES) {
  for (const file of c.files) {
    test(`${c.name}: every line of ${file} holds in both directions`, (t) => {
      const path = sharedPath('conformance', 'osv-version-compare', file);
      if (path === undefined) return t.skip(SHARED_SKIP);
      const lines = readComparisons(path);
      const exempt = c.exempt ?? NONE;
      const failures = fixtureFailures(c.scheme, lines, new Set(exempt.keys()));
      assert.deepEqual(failures, []);
      assert.ok(lines.length - exempt.size > 0);
    });
  }
  if (c.exempt !== undefined && c.exempt.size > 0) {
    test(`${c.name}: every exempted line is really rejected (an exemption that passes is stale)`, () => {
      for (const [line] of c.exempt ?? NONE) {
        const [a, , b] = line.split(' ');
        assert.ok(
          !c.scheme.isValid(a as string) || !c.scheme.isValid(b as string),
          `${c.name} accepts both sides of exempted line ${line}`,
        );
      }
    });
  }
}

// osv.dev vulnfeeds/cmd/converters/alpine/fixtures: versions its Alpine converter accepts and rejects.
test('Alpine: isValid accepts every osv.dev valid version and rejects every invalid one', (t) => {
  const valid = sharedPath('conformance', 'osv-version-compare', 'osv.dev', 'alpine-valid_versions.txt');
  const invalid = sharedPath('conformance', 'osv-version-compare', 'osv.dev', 'alpine-invalid_versions.txt');
  if (valid === undefined || invalid === undefined) return t.skip(SHARED_SKIP);
  const good = readVersionList(valid);
  const bad = readVersionList(invalid);
  assert.ok(good.length > 100 && bad.length >= 11);
  assert.deepEqual(
    good.filter((v) => !alpineVersioning.isValid(v)),
    [],
  );
  assert.deepEqual(
    bad.filter((v) => alpineVersioning.isValid(v)),
    [],
  );
  // The valid ones are totally ordered: the sort does not depend on the input order.
  const byApk = (a: string, b: string): number => alpineVersioning.compare(a, b);
  assert.deepEqual([...good].sort(byApk), [...good].reverse().sort(byApk));
});
