// SBOM parsing of hostile input: oversized, deeply nested, BOM-Link and mutated documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { parseSbom } from '../../src/evidence/sbom/parse-sbom.js';
import { throwsEvidence, utf8 } from './evidence-assert.js';
import { cdx, spdx } from './sbom-documents.js';

test('oversized input is refused before parsing, with kind too-large', () => {
  throwsEvidence(() => parseSbom(utf8(cdx()), { maxBytes: 100, maxLines: 1 }), 'TOO_LARGE', { kind: 'too-large' });
});

test('nesting past the stack is a typed error, not a crash', () => {
  // Built as text: JSON.stringify itself would overflow on such a value.
  const depth = 50_000;
  const nested =
    '{"type":"library","name":"n","components":['.repeat(depth) +
    '{"type":"library","name":"leaf"}' +
    ']}'.repeat(depth);
  const text = JSON.stringify(cdx({ dependencies: [] })).replace(
    /"components":\[.*\],"dependencies"/,
    `"components":[${nested}],"dependencies"`,
  );
  let outcome: unknown = 'parsed';
  try {
    parseSbom(text);
  } catch (e) {
    outcome = e;
  }
  // Either it walks the whole tree, or it says the input is too deep; never a RangeError.
  assert.ok(outcome === 'parsed' || (outcome instanceof EvidenceError && outcome.code === 'TOO_DEEP'), String(outcome));
  assert.ok(text.length > depth * 40);
});

test('a BOM-Link dependency on another BOM is not dangling', () => {
  const sbom = parseSbom(
    utf8(cdx({ dependencies: [{ ref: 'app', dependsOn: ['urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lib'] }] })),
  );
  assert.equal(sbom.dependencies[0]?.dependsOn.length, 1);
});

/** Random edits of a valid document: the parser answers with an Sbom or an EvidenceError, never anything else. */
const mutate = (doc: unknown, path: readonly (string | number)[], value: unknown): unknown => {
  if (path.length === 0) return value;
  if (typeof doc !== 'object' || doc === null) return doc;
  const copy = (Array.isArray(doc) ? [...doc] : { ...doc }) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const key = keys[Number(path[0]) % Math.max(keys.length, 1)] ?? String(path[0]);
  copy[key] = mutate(copy[key], path.slice(1), value);
  return copy;
};

for (const [name, base] of [
  ['CycloneDX', cdx()],
  ['SPDX', spdx()],
] as const) {
  test(`property: mutated ${name} documents yield an Sbom or an EvidenceError`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        try {
          parseSbom(utf8(mutate(base, path, value)));
        } catch (e) {
          assert.ok(e instanceof EvidenceError, `unexpected ${String(e)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  test(`property: truncated or byte-flipped ${name} bytes yield an Sbom or an EvidenceError`, () => {
    const bytes = utf8(base);
    fc.assert(
      fc.property(fc.nat(bytes.length), fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 }), (cut, at, byte) => {
        const copy = bytes.slice(0, Math.max(cut, at + 1));
        copy[at] = byte;
        try {
          parseSbom(copy);
        } catch (e) {
          assert.ok(e instanceof EvidenceError, `unexpected ${String(e)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
}
