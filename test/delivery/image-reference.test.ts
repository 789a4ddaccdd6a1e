import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageReference } from '../../src/delivery/image-reference.js';

const hex = 'a'.repeat(64);

test('pinned references: the sha256 digest is what runs, with or without a tag or a registry port', () => {
  for (const [text, name] of [
    [`registry.example/acme/api@sha256:${hex}`, 'registry.example/acme/api'],
    [`registry.example:5000/acme/api:1.2.3@sha256:${hex}`, 'registry.example:5000/acme/api'],
    [`nginx@sha256:${hex}`, 'nginx'],
    [`localhost/app__x@sha256:${hex}`, 'localhost/app__x'],
    [`[::1]:5000/app@sha256:${hex}`, '[::1]:5000/app'],
  ] as const) {
    const r = parseImageReference(text);
    assert.equal(r.kind, 'pinned', text);
    assert.equal(r.kind === 'pinned' && r.name, name);
    assert.equal(r.kind === 'pinned' && r.digest, `sha256:${hex}`);
  }
});

test('tag-only and bare names are unpinned (the registry would resolve them at pull time)', () => {
  for (const [text, tag] of [
    ['nginx', undefined],
    ['nginx:1.25', '1.25'],
    ['registry.example:5000/acme/api', undefined],
    ['registry.example:5000/acme/api:latest', 'latest'],
  ] as const) {
    const r = parseImageReference(text);
    assert.equal(r.kind, 'unpinned', text);
    assert.equal(r.kind === 'unpinned' ? r.tag : 'x', tag, text);
  }
});

test('anything else is invalid, never pinned: other digest algorithms, uppercase hex, bad names, control characters', () => {
  for (const text of [
    '',
    `nginx@sha512:${'a'.repeat(128)}`,
    `nginx@sha256:${'A'.repeat(64)}`,
    `nginx@sha256:${'a'.repeat(63)}`,
    'Nginx:1',
    'nginx:-bad',
    'acme//api',
    'acme/api\n:1',
    `a@b@sha256:${hex}`,
    `${'a'.repeat(256)}`,
    'registry.example:port/app',
  ]) {
    assert.equal(parseImageReference(text).kind, 'invalid', JSON.stringify(text));
  }
});
