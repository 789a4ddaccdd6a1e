import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allUnique } from '../../src/formats/unique-items.js';
import { parseSbom } from '../../src/evidence/sbom/parse-sbom.js';
import { throwsEvidence, utf8 } from '../evidence/evidence-assert.js';

/** JSON Schema `uniqueItems` equality (draft 2020-12 §4.2.2): deep, key order ignored, no type coercion. */
const CASES: Array<[string, unknown[], boolean]> = [
  ['empty', [], true],
  ['number and its string', [1, '1'], true],
  ['true and "true", null and "null"', [true, 'true', null, 'null'], true],
  ['repeated number', [1, 2, 1], false],
  ['repeated string', ['a', 'b', 'a'], false],
  [
    'objects differing only in key order',
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    false,
  ],
  ['objects with a value of another type', [{ a: 1 }, { a: '1' }], true],
  ['object and an array of its values', [{ 0: 'x' }, ['x']], true],
  ['object and its JSON text', [{ a: 1 }, '{"a":1}'], true],
  [
    'equal nested arrays',
    [
      [1, [2, 3]],
      [1, [2, 3]],
    ],
    false,
  ],
  [
    'nested arrays in another order',
    [
      [1, [2, 3]],
      [1, [3, 2]],
    ],
    true,
  ],
  [
    'nested arrays, number against string',
    [
      [1, [2]],
      [1, ['2']],
    ],
    true,
  ],
  [
    'objects nesting key-reordered objects',
    [{ h: [{ alg: 'SHA-256', content: 'ab' }] }, { h: [{ content: 'ab', alg: 'SHA-256' }] }],
    false,
  ],
  // The fast path (one field distinct across all items) must not vouch for items it cannot tell apart.
  ['first field distinct, later items equal', [{ ref: 'a', n: 1 }, { n: 2 }, { n: 2 }], false],
  [
    'distinct by one field',
    [
      { ref: 'a', n: 1 },
      { ref: 'b', n: 1 },
    ],
    true,
  ],
];

for (const [name, items, unique] of CASES) {
  test(`allUnique: ${name} → ${unique ? 'unique' : 'duplicate'}`, () => {
    assert.equal(allUnique(items), unique);
  });
}

test('a CycloneDX BOM listing the same component twice (same hashes, hash keys reordered) fails its schema', () => {
  const component = (hash: Record<string, string>) => ({
    type: 'library',
    name: 'lodash',
    version: '4.17.21',
    hashes: [hash],
  });
  const bom = (second: Record<string, string>) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [component({ alg: 'SHA-256', content: 'a'.repeat(64) }), component(second)],
  });
  // CycloneDX 1.4–1.7 put uniqueItems on `components`, not on a component's `hashes`: the duplicate is the component.
  throwsEvidence(() => parseSbom(utf8(bom({ content: 'a'.repeat(64), alg: 'SHA-256' }))), 'SCHEMA_VIOLATION', {
    path: '/components',
  });
  assert.equal(parseSbom(utf8(bom({ alg: 'SHA-256', content: 'b'.repeat(64) }))).components.length, 2);
});
