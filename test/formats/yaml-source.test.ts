import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlSource } from '../../src/formats/yaml-source.js';
import { YamlSourceError, type YamlSourceErrorCode } from '../../src/formats/yaml-source-error.js';
import type { ErrorKind } from '../../src/domain/errors.js';
import { parsePolicyYaml } from '../../src/policy/policy-yaml.js';
import { PolicyError } from '../../src/policy/policy-error.js';
import { parseTrustPolicy } from '../../src/trust/policy/trust-policy.js';
import { TrustPolicyError } from '../../src/trust/policy/trust-policy-error.js';

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
].join('\n');
const NOT_UTF8 = Buffer.from([...Buffer.from('version: 1\nname: '), 0xc3, 0x28, 0x0a]);

const isYamlError = (code: YamlSourceErrorCode, kind: ErrorKind, path: string) => (e: unknown) =>
  e instanceof YamlSourceError &&
  e.code === code &&
  e.kind === kind &&
  e.path === path &&
  e.issues.length > 0 &&
  e.issues.every((i) => i.file === 'f.yaml');

test('YamlSource refuses a syntax error, bytes that are not UTF-8 and an alias bomb with its own codes', () => {
  assert.throws(
    () => YamlSource.parse('a: 1\na: 2\n', 'f.yaml'),
    isYamlError('YAML_MALFORMED', 'malformed', 'f.yaml:2:1'),
  );
  assert.throws(
    () => YamlSource.parse(NOT_UTF8, 'f.yaml'),
    isYamlError('YAML_ENCODING_INVALID', 'invalid', 'f.yaml:2:1'),
  );
  assert.throws(() => YamlSource.parse(BOMB, 'f.yaml'), isYamlError('YAML_ALIAS_LIMIT', 'invalid', 'f.yaml'));
});

test('YamlSource keeps positions: a value and a key by JSON pointer', () => {
  const y = YamlSource.parse('\ufeffversion: 1\nenv:\n  prod:\n    keys: [a, b]\n', 'f.yaml');
  assert.deepEqual(y.toJS(), { version: 1, env: { prod: { keys: ['a', 'b'] } } });
  assert.deepEqual(y.position('/env/prod/keys/1'), { line: 4, column: 15 });
  assert.deepEqual(y.position('/env/prod', true), { line: 3, column: 3 });
  assert.deepEqual(y.position('/env/missing'), { line: 3, column: 3 });
});

test('policy files turn a YAML failure into PolicyError with their codes; the trust policy into TrustPolicyError', () => {
  const policy = (code: string) => (e: unknown) =>
    e instanceof PolicyError && e.code === code && e.issues.every((i) => i.severity === 'error');
  assert.throws(() => parsePolicyYaml('a: 1\na: 2\n', 'f.yaml'), policy('POLICY_YAML_MALFORMED'));
  assert.throws(() => parsePolicyYaml('a: 1\na: 2\n', 'f.yaml', 'WAIVERS_INVALID'), policy('WAIVERS_INVALID'));
  assert.throws(() => parsePolicyYaml(NOT_UTF8, 'f.yaml', 'WAIVERS_INVALID'), policy('POLICY_ENCODING_INVALID'));
  assert.throws(() => parsePolicyYaml(BOMB, 'f.yaml', 'WAIVERS_INVALID'), policy('POLICY_YAML_ALIAS_LIMIT'));
  assert.throws(
    () => parseTrustPolicy(BOMB, 't.yaml'),
    (e: unknown) =>
      e instanceof TrustPolicyError &&
      !(e instanceof PolicyError) &&
      e.code === 'POLICY_YAML_INVALID' &&
      e.path === 't.yaml',
  );
});
