import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  FLAGGER_HOOKS,
  FlaggerError,
  hookDigest,
  hookEnvironment,
  parseFlaggerPayload,
  roleOf,
} from '../../src/delivery/flagger-payload.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const payload = (metadata: Record<string, string> = {}) =>
  parseFlaggerPayload({ name: 'podinfo', namespace: 'test', phase: 'Progressing', checksum: '85d557f47b', metadata });

function rejects(fn: () => unknown, code: string, path?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof FlaggerError, `a FlaggerError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (path !== undefined) assert.equal(e.path, path);
    return true;
  });
}

// Flagger's documented payloads, copied verbatim from its docs (shared/conformance/deploy-webhooks/flagger/).
const examplesFile = sharedPath('conformance', 'deploy-webhooks', 'flagger', 'derived-payload-examples.json');

describe('Flagger payload', () => {
  test('the documented payloads parse; the placeholder one (monitoring.md field list) is not a payload', {
    skip: examplesFile ? false : SHARED_SKIP,
  }, () => {
    const examples = JSON.parse(readFileSync(examplesFile!, 'utf8')) as {
      hookTypes: string[];
      examples: Array<{ payload: Record<string, unknown> }>;
    };
    assert.deepEqual([...FLAGGER_HOOKS].sort(), [...examples.hookTypes].sort(), 'every hook type Flagger has');
    const [webhook, fieldList, event] = examples.examples.map((e) => e.payload);
    assert.deepEqual(parseFlaggerPayload(webhook), {
      name: 'podinfo',
      namespace: 'test',
      phase: 'Progressing',
      checksum: '85d557f47b',
      metadata: { test: 'all', token: '16688eb5e9f289f1991c' },
    });
    // The event payload of monitoring.md has no checksum: Flagger's own docs omit it there.
    assert.equal(parseFlaggerPayload(event).metadata.eventType, 'Normal');
    assert.equal(parseFlaggerPayload(event).checksum, undefined);
    rejects(() => parseFlaggerPayload(fieldList), 'FLAGGER_PAYLOAD_INVALID', '/name');
  });

  test('hook roles: 2xx opens a gate, 2xx on rollback rolls back, post-rollout and event only report', () => {
    assert.deepEqual(
      FLAGGER_HOOKS.map((h) => [h, roleOf(h)]),
      [
        ['confirm-rollout', 'gate'],
        ['pre-rollout', 'gate'],
        ['rollout', 'gate'],
        ['confirm-traffic-increase', 'gate'],
        ['confirm-promotion', 'gate'],
        ['rollback', 'rollback'],
        ['post-rollout', 'record'],
        ['event', 'record'],
      ],
    );
  });

  test('what is not Flagger payload is refused with the path of the field', () => {
    const base = { name: 'podinfo', namespace: 'test', phase: 'Progressing', checksum: 'abc' };
    const cases: Array<[unknown, string]> = [
      [[], '/'],
      ['text', '/'],
      [null, '/'],
      [{ ...base, name: undefined }, '/name'],
      [{ ...base, name: 'Pod Info' }, '/name'],
      [{ ...base, namespace: 'a/b' }, '/namespace'],
      [{ ...base, namespace: 'x'.repeat(64) }, '/namespace'],
      [{ ...base, phase: 42 }, '/phase'],
      [{ ...base, checksum: 'a b' }, '/checksum'],
      [{ ...base, metadata: [] }, '/metadata'],
      [{ ...base, metadata: { digest: 1 } }, '/metadata/digest'],
      [{ ...base, metadata: { cmd: 'x'.repeat(8193) } }, '/metadata/cmd'],
      [{ ...base, metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }, '/metadata'],
    ];
    for (const [body, path] of cases) rejects(() => parseFlaggerPayload(body), 'FLAGGER_PAYLOAD_INVALID', path);
    // Fields Flagger may add later are ignored; metadata is optional (Go's omitempty).
    assert.deepEqual(parseFlaggerPayload({ ...base, type: 'rollback', extra: { a: 1 } }).metadata, {});
  });

  test('environment: ?env= from the hook URL, else metadata.env; two different ones are refused', () => {
    assert.equal(hookEnvironment('prod', payload()), 'prod');
    assert.equal(hookEnvironment(undefined, payload({ env: 'dev' })), 'dev');
    assert.equal(hookEnvironment('prod', payload({ env: 'prod' })), 'prod');
    rejects(() => hookEnvironment('prod', payload({ env: 'dev' })), 'FLAGGER_ENV_CONFLICT', 'metadata.env');
    rejects(() => hookEnvironment(undefined, payload()), 'FLAGGER_ENV_MISSING');
    rejects(() => hookEnvironment(undefined, payload({ env: '' })), 'FLAGGER_ENV_MISSING');
  });

  test('digest: sha256:… or an image pinned by digest; absent is undefined, anything else an input error', () => {
    assert.equal(hookDigest(payload({ digest: DIGEST })), DIGEST);
    assert.equal(hookDigest(payload({ digest: `ghcr.io/acme/podinfo:6.0.0@${DIGEST}` })), DIGEST);
    assert.equal(hookDigest(payload({ digest: `localhost:5000/podinfo@${DIGEST}` })), DIGEST);
    assert.equal(hookDigest(payload()), undefined);
    assert.equal(hookDigest(payload({ digest: '' })), undefined);
    for (const bad of ['latest', 'ghcr.io/acme/podinfo:6.0.0', `sha256:${'A'.repeat(64)}`, `sha512:${'a'.repeat(128)}`])
      rejects(() => hookDigest(payload({ digest: bad })), 'FLAGGER_PAYLOAD_INVALID', '/metadata/digest');
  });
});
