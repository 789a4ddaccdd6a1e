// Official CycloneDX test cases and real SBOMs from ../shared/conformance/sbom (see its SOURCES.md §5):
// CycloneDX/specification @ e02a34a tools/src/test/resources/<ver>/, CycloneDX/bom-examples @ aaa2471,
// spdx/spdx-spec support/2.3.1 @ d4dbeb6, spdx/spdx-examples @ 692c708, chainguard-dev/bom-shelter @ 89ed494.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { parseSbom } from '../../src/evidence/sbom/parse-sbom.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { throwsEvidence } from './evidence-assert.js';

const sbomDir = sharedPath('conformance', 'sbom');
const read = (...parts: string[]): Buffer => readFileSync(join(sbomDir!, ...parts));

/**
 * Labels we believe wrong: none. Every `valid-*` case passes and every `invalid-*` case fails once
 * date-time (and uri) formats are checked; SOURCES.md's JSF `oneOf` quirk disappears with format
 * checking, because "ES256" is then not a `uri` and matches only the enum branch.
 */
const WRONG_LABELS: ReadonlyMap<string, string> = new Map();

for (const version of ['1.4', '1.5', '1.6', '1.7']) {
  test(`CycloneDX ${version}: every official test case behaves as labelled`, (t) => {
    if (sbomDir === undefined) return t.skip(SHARED_SKIP);
    const dir = join('cyclonedx-spec', 'testcases', version);
    const files = readdirSync(join(sbomDir, dir)).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 50, `expected the official cases, found ${files.length}`);
    let valid = 0;
    let invalid = 0;
    for (const file of files) {
      const expectValid = file.startsWith('valid-') !== WRONG_LABELS.has(`${version}/${file}`);
      if (expectValid) {
        const sbom = parseSbom(read(dir, file));
        assert.equal(sbom.format, 'cyclonedx', file);
        assert.equal(sbom.specVersion, version, file);
        valid++;
      } else {
        assert.throws(
          () => parseSbom(read(dir, file)),
          (e: unknown) => e instanceof EvidenceError && e.kind === 'invalid' && typeof e.path === 'string',
          file,
        );
        invalid++;
      }
    }
    const expected = { '1.4': [29, 22], '1.5': [36, 22], '1.6': [45, 25], '1.7': [61, 29] }[version];
    assert.deepEqual([valid, invalid], expected);
  });
}

test('real CycloneDX SBOMs parse with their component counts', (t) => {
  if (sbomDir === undefined) return t.skip(SHARED_SKIP);
  const juice = parseSbom(read('cyclonedx-bom-examples', 'SBOM', 'juice-shop', 'via_npm', 'bare', 'bom.1.4.json'));
  assert.equal(juice.components.length, 1115);
  assert.equal(juice.dependencies.length, 1116);
  assert.equal(juice.subject?.name, 'juice-shop');
  assert.ok(juice.components.every((c) => c.ecosystem === 'npm' && c.purl?.startsWith('pkg:npm/')));

  const redis = parseSbom(read('bom-shelter', 'in-the-wild-redis-commander.cdx-1.4.json'));
  // 435 top-level components, 514 once nested components are flattened.
  assert.equal(redis.components.length, 514);
  const laravel = parseSbom(read('cyclonedx-bom-examples', 'SBOM', 'laravel-7.12.0', 'bom.1.4.json'));
  assert.equal(laravel.components.length, 62);
  assert.ok(laravel.components.every((c) => c.ecosystem === 'composer'));
});

test('real SPDX SBOMs parse with their package counts and ecosystems', (t) => {
  if (sbomDir === undefined) return t.skip(SHARED_SKIP);
  const count = (file: string, eco: string): number =>
    parseSbom(read('bom-shelter', file)).components.filter((c) => c.ecosystem === eco).length;
  const datadog = parseSbom(read('bom-shelter', 'syft-0.64.0-datadog_agent-amd64.spdx.json'));
  assert.equal(datadog.specVersion, '2.3');
  assert.equal(datadog.components.length, 1030);
  assert.equal(count('syft-0.64.0-datadog_agent-amd64.spdx.json', 'golang'), 649);
  assert.equal(count('syft-0.64.0-datadog_agent-amd64.spdx.json', 'pypi'), 243);
  const formio = parseSbom(read('bom-shelter', 'syft-0.64.0-formio_formio-enterprise.spdx.json'));
  assert.equal(formio.components.length, 1142);
  assert.equal(count('syft-0.64.0-formio_formio-enterprise.spdx.json', 'npm'), 1110);
  assert.equal(count('syft-0.64.0-formio_formio-enterprise.spdx.json', 'alpine'), 30);
  const grype = parseSbom(read('bom-shelter', 'in-the-wild-grype-sbom.spdx-2.2.json'));
  assert.equal(grype.specVersion, '2.2');
  assert.equal(grype.components.length, 1160);
});

test('every official SPDX example parses', (t) => {
  if (sbomDir === undefined) return t.skip(SHARED_SKIP);
  const files = ['spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json'];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(sbomDir, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.json')) files.push(join(dir, e.name));
    }
  };
  walk('spdx-examples');
  assert.equal(files.length, 13);
  for (const file of files) {
    const sbom = parseSbom(read(file));
    assert.equal(sbom.format, 'spdx', file);
    assert.ok(sbom.components.length >= 1, file);
  }
  const acme = parseSbom(read('spdx-examples', 'presentations', 'SBOMS-SPDX-Now-and-Future', 'ACME-v2.3.spdx.json'));
  assert.equal(acme.subject?.name, 'Acme Applcation'); // sic, upstream spelling
  const canonical = parseSbom(read('spdx-spec-2.3', 'SPDXJSONExample-v2.3.spdx.json'));
  const glibc = canonical.components.find((c) => c.name === 'glibc');
  assert.equal(glibc?.hashes.sha256, '11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd');
  assert.equal(glibc?.hashes.md5, '624c1abb3664f4b35547e7c73864ad24');
});

test('CycloneDX 1.2 and 1.3 real SBOMs are refused as unsupported versions', (t) => {
  if (sbomDir === undefined) return t.skip(SHARED_SKIP);
  for (const file of [
    ['SBOM', 'keycloak-10.0.2', 'bom.json'],
    ['SBOM', 'dropwizard-1.3.15', 'bom.json'],
    ['VEX', 'bom.json'],
  ]) {
    throwsEvidence(() => parseSbom(read('cyclonedx-bom-examples', ...file)), 'UNSUPPORTED_SPEC_VERSION', {
      kind: 'unsupported',
      path: '/specVersion',
    });
  }
});
