import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackageURL } from 'packageurl-js';
import { componentIdentity } from '../../src/vuln/package-identity.js';

// componentIdentity parses a purl's version apart from the rest (cached per package); it must
// agree with parsing the whole purl at once.
const PURLS = [
  'pkg:npm/lodash@4.17.20',
  'pkg:npm/%40babel/core@7.22.0',
  'pkg:npm/@babel/core@7.22.0',
  'pkg:npm/@babel/core',
  'pkg:pypi/Django@4.2.1',
  'pkg:pypi/django@1.0%2Blocal',
  'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
  'pkg:golang/golang.org/x/net@v0.7.0#html',
  'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
  'pkg:apk/alpine/openssl@3.1.4-r0?distro=3.19.1',
  'pkg:cargo/time@0.1.45',
  'pkg:nuget/Newtonsoft.Json@12.0.1',
];

for (const purl of PURLS) {
  test(`version split agrees with a whole-purl parse: ${purl}`, () => {
    const whole = PackageURL.fromString(purl);
    const id = componentIdentity({ name: whole.name, purl, licenses: [], hashes: {} });
    assert.ok(!('problem' in id), JSON.stringify(id));
    const expected = whole.type === 'golang' ? whole.version?.replace(/^v/, '') : whole.version;
    assert.equal(id.version, expected ?? undefined);
  });
}

test('bad purls stay BAD_PURL, also when only the version is broken', () => {
  for (const purl of ['pkg:npm/x@%E0%A4%A', 'pkg:/x@1', 'pkg:npm/x@', 'npm/x@1']) {
    const id = componentIdentity({ name: 'x', purl, licenses: [], hashes: {} });
    assert.ok('problem' in id && id.problem === 'BAD_PURL', `${purl}: ${JSON.stringify(id)}`);
  }
});
