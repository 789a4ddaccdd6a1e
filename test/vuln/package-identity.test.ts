import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentIdentity, normalizeName, splitEcosystem } from '../../src/vuln/package-identity.js';
import type { Component } from '../../src/domain/evidence.js';

const comp = (purl: string, extra: Partial<Component> = {}): Component => ({
  name: 'x',
  licenses: [],
  hashes: {},
  purl,
  ...extra,
});

const CASES: Array<[string, object]> = [
  ['pkg:pypi/Django_Rest.Framework@3.0', { ecosystem: 'PyPI', name: 'django-rest-framework', version: '3.0' }],
  ['pkg:pypi/zope.interface@5.0', { ecosystem: 'PyPI', name: 'zope-interface', version: '5.0' }],
  [
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
  ],
  ['pkg:nuget/Newtonsoft.Json@12.0.1', { ecosystem: 'NuGet', name: 'newtonsoft.json', version: '12.0.1' }],
  ['pkg:npm/%40angular/core@1.0.0', { ecosystem: 'npm', name: '@angular/core', version: '1.0.0' }],
  ['pkg:npm/lodash@4.17.20', { ecosystem: 'npm', name: 'lodash', version: '4.17.20' }],
  [
    'pkg:golang/github.com/gin-gonic/gin@v1.5.0',
    { ecosystem: 'Go', name: 'github.com/gin-gonic/gin', version: '1.5.0' },
  ],
  [
    'pkg:golang/github.com/docker/docker@v20.10.0%2Bincompatible',
    { ecosystem: 'Go', name: 'github.com/docker/docker', version: '20.10.0+incompatible' },
  ],
  ['pkg:golang/stdlib@go1.21.0', { ecosystem: 'Go', name: 'stdlib', version: '1.21.0' }],
  [
    'pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3?arch=amd64&distro=debian-11',
    { ecosystem: 'Debian', release: '11', name: 'openssl', version: '1.1.1n-0+deb11u3' },
  ],
  [
    'pkg:deb/debian/curl@7.88.1-10?distro=bookworm',
    { ecosystem: 'Debian', release: '12', name: 'curl', version: '7.88.1-10' },
  ],
  [
    'pkg:apk/alpine/busybox@1.36.1-r15?distro=3.19.1',
    { ecosystem: 'Alpine', release: 'v3.19', name: 'busybox', version: '1.36.1-r15' },
  ],
  ['pkg:apk/alpine/busybox@1.36.1-r15', { ecosystem: 'Alpine', name: 'busybox', version: '1.36.1-r15' }],
  ['pkg:composer/Laravel/Framework@8.0.0', { ecosystem: 'Packagist', name: 'laravel/framework', version: '8.0.0' }],
  ['pkg:cargo/time@0.2.0', { ecosystem: 'crates.io', name: 'time', version: '0.2.0' }],
];

for (const [purl, want] of CASES) {
  test(`identity of ${purl}`, () => {
    assert.deepEqual(componentIdentity(comp(purl)), want);
  });
}

test('unknown purl types and distributions are reported, never string-matched', () => {
  assert.deepEqual(componentIdentity(comp('pkg:generic/openssl@1.0')), {
    problem: 'UNKNOWN_ECOSYSTEM',
    detail: 'no OSV ecosystem for purl type "generic"',
  });
  assert.equal((componentIdentity(comp('pkg:deb/fedora/x@1')) as { problem: string }).problem, 'UNKNOWN_ECOSYSTEM');
});

test('a purl that does not parse is reported', () => {
  assert.equal((componentIdentity(comp('pkg:')) as { problem: string }).problem, 'BAD_PURL');
  assert.equal((componentIdentity(comp('not a purl at all')) as { problem: string }).problem, 'BAD_PURL');
});

test('a component with neither purl nor ecosystem is reported', () => {
  assert.equal((componentIdentity({ name: 'x', licenses: [], hashes: {} }) as { problem: string }).problem, 'NO_PURL');
});

test('a component without a purl uses ecosystem + name', () => {
  assert.deepEqual(
    componentIdentity({ name: 'Flask_Login', version: '1.0', ecosystem: 'pypi', licenses: [], hashes: {} }),
    { ecosystem: 'PyPI', name: 'flask-login', version: '1.0' },
  );
});

test('advisory ecosystems split into base and release', () => {
  assert.deepEqual(splitEcosystem('Debian:12'), { ecosystem: 'Debian', release: '12' });
  assert.deepEqual(splitEcosystem('Alpine:v3.19'), { ecosystem: 'Alpine', release: 'v3.19' });
  assert.deepEqual(splitEcosystem('Ubuntu:22.04:LTS'), { ecosystem: 'Ubuntu', release: '22.04' });
  assert.deepEqual(splitEcosystem('PyPI'), { ecosystem: 'PyPI' });
  assert.equal(normalizeName('PyPI', 'Foo__Bar--baz.qux'), 'foo-bar-baz-qux');
});
