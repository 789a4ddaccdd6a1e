// The one JSON Schema helper (src/formats/json-schema.ts): compiled once on first use, the failing
// field's JSON pointer and why, every issue for lint, strict about schemas, and the only user of Ajv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { keyPath, schemaValidator } from '../../src/formats/json-schema.js';
import { buildImportGraph, readSourceTree } from '../architecture/import-graph.js';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string' }, mode: { enum: ['off', 'on'] }, tags: { type: 'array', uniqueItems: true } },
};

test('compiled once, on first use; the first issue names the failing field and why', () => {
  let reads = 0;
  const v = schemaValidator(() => {
    reads++;
    return SCHEMA;
  });
  assert.equal(reads, 0, 'nothing is compiled before it is used');
  assert.equal(v.firstIssue({ name: 'a' }), undefined);
  assert.equal(v.test({ name: 'a', mode: 'on' }), true);
  const mode = v.firstIssue({ name: 'a', mode: 'maybe' })!;
  assert.deepEqual(
    [mode.path, mode.keyword, mode.reason],
    ['/mode', 'enum', 'must be equal to one of the allowed values'],
  );
  assert.equal(mode.message, '/mode must be equal to one of the allowed values ("off", "on")');
  const extra = v.firstIssue({ name: 'a', 'x/y~z': 1 })!;
  assert.deepEqual(
    [extra.path, extra.key, keyPath(extra), extra.message],
    ['', 'x/y~z', '/x~1y~0z', '/ must NOT have additional properties ("x/y~z")'],
  );
  const missing = v.firstIssue({})!;
  assert.deepEqual([missing.path, missing.key, keyPath(missing)], ['', 'name', '/name']);
  assert.equal(reads, 1);
});

test("check throws the caller's error made of the first issue", () => {
  const v = schemaValidator(SCHEMA);
  assert.throws(() => v.check({ name: 7 }, (e) => new RangeError(`bad ${e.path}`)), /bad \/name/);
  assert.doesNotThrow(() => v.check({ name: 'ok' }, () => new Error('unreachable')));
});

test('allErrors: every issue, with the failing value; a failed `if` reports its field, not itself', () => {
  const lint = schemaValidator(SCHEMA, { allErrors: true });
  const issues = lint.issues({ name: 1, mode: 'x', other: true });
  assert.deepEqual(
    issues.map((i) => [i.path, i.keyword]),
    [
      ['', 'additionalProperties'],
      ['/name', 'type'],
      ['/mode', 'enum'],
    ],
  );
  assert.equal(issues[2]!.data, 'x');
  const conditional = schemaValidator({
    type: 'object',
    if: { properties: { kind: { const: 'a' } } },
    then: { required: ['a'] },
  });
  assert.deepEqual(
    conditional.issues({ kind: 'a' }).map((i) => i.keyword),
    ['required'],
  );
});

test('strict about schemas: a misspelt keyword fails when compiled, not silently', () => {
  const typo = schemaValidator({ type: 'string', minLenght: 3 });
  assert.throws(() => typo.test('ab'), /unknown keyword: "minLenght"/);
});

test('a format name keeps one meaning per Ajv instance', () => {
  const a = schemaValidator({ type: 'string', format: 'h4-test-format' }, { formats: { 'h4-test-format': /^a$/ } });
  assert.equal(a.test('a'), true);
  const b = schemaValidator({ type: 'string', format: 'h4-test-format' }, { formats: { 'h4-test-format': /^b$/ } });
  assert.throws(() => b.test('b'), /define the format "h4-test-format" differently/);
});

test('foreign schemas: uniqueItems by the linear-time keyword, same answers', () => {
  const v = schemaValidator(
    { type: 'array', uniqueItems: true, items: { type: 'object' }, additionalItems: false },
    { foreign: true },
  );
  assert.equal(
    v.test([
      { a: 1, b: 2 },
      { a: 1, b: 3 },
    ]),
    true,
  );
  assert.equal(
    v.test([
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ]),
    false,
  );
});

test('Ajv is used only through the helper: no other file under src/ imports ajv or ajv-formats', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const graph = buildImportGraph(readSourceTree(root, 'src'));
  const users = graph.files.filter((f) =>
    (graph.imports.get(f) ?? []).some((e) => !e.typeOnly && /^ajv(-formats)?(\/|$)/.test(e.specifier ?? '')),
  );
  assert.deepEqual(users, ['src/formats/json-schema.ts']);
});
