import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/domain/evidence.js';
import { waiverMatches } from '../../src/policy/waivers.js';
import type { Waiver } from '../../src/domain/waiver.js';
import { purlCovers, purlKey } from '../../src/vuln/purl-selector.js';
import type { VexDocument } from '../../src/domain/evidence.js';
import { applyVex } from '../../src/vuln/vex.js';

/** [selector, purl of the finding, covered?] */
const CASES: Array<[string, string, boolean]> = [
  ['pkg:npm/@babel/core', 'pkg:npm/%40babel/core@7.24.0', true], // the scope's `@` percent-encoded or not: one package
  ['pkg:npm/%40babel/core@7.24.0', 'pkg:npm/@babel/core@7.24.0', true],
  ['pkg:npm/@babel/core@7.24.0', 'pkg:npm/%40babel/core@7.24.1', false],
  ['pkg:npm/left-pad', 'pkg:npm/left-pad@1.0.0', true],
  ['pkg:npm/left-pad', 'pkg:npm/left-pad-extra@1.0.0', false], // never a string prefix
  ['pkg:npm/left-pad@1.0.0', 'pkg:npm/left-pad@1.0.0?arch=x64#lib', true], // qualifiers and subpath ignored
  ['pkg:maven/org.x/y@1.0?type=jar', 'pkg:maven/org.x/y@1.0', true],
  ['pkg:pypi/Django_Rest', 'pkg:pypi/django-rest@3.0', true], // purl spec: PyPI names normalized
  ['pkg:npm/a', 'pkg:pypi/a@1.0', false],
  ['pkg:golang/github.com/a/b', 'pkg:golang/github.com/a/b@v1.2.3', true],
  ['pkg:golang/github.com/a', 'pkg:golang/github.com/a/b@v1.2.3', false],
  ['pkg:npm/%zz', 'pkg:npm/%zz', true], // does not parse: exact string only
  ['pkg:npm/%zz', 'pkg:npm/%zz@1.0.0', false],
];

test('purlCovers: parsed purls; a versionless selector covers every version; qualifiers and subpath ignored', () => {
  for (const [selector, have, want] of CASES)
    assert.equal(purlCovers(purlKey(selector), purlKey(have)), want, `${selector} vs ${have}`);
});

test('waivers and VEX statements select packages by the same matcher', () => {
  for (const [selector, have, want] of CASES) {
    const finding: Finding = {
      advisoryId: 'CVE-1',
      aliases: [],
      package: { name: 'x', purl: have },
      severity: 'HIGH',
      source: 'mc',
    };
    const waiver: Waiver = {
      id: 'w',
      purl: selector,
      owner: 'o',
      reason: 'r',
      created: '2026-01-01T00:00:00Z',
      expires: '2026-02-01T00:00:00Z',
      source: 'api',
    };
    const vex: VexDocument = {
      format: 'openvex',
      productRefs: [],
      statements: [{ vulnerability: 'CVE-1', aliases: [], products: [selector], status: 'fixed', statement: 's' }],
    };
    assert.equal(waiverMatches(waiver, finding, `sha256:${'a'.repeat(64)}`), want, `waiver ${selector} vs ${have}`);
    assert.equal(applyVex([finding], [vex]).suppressed === 1, want, `VEX ${selector} vs ${have}`);
  }
});
