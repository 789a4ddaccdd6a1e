import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEventQuery } from '../../src/app/event-query.js';
import { BaseError } from '../../src/domain/errors.js';

const now = new Date('2026-11-29T12:00:00Z');
const rejects = (input: Parameters<typeof parseEventQuery>[0], code: string, path: string) =>
  assert.throws(
    () => parseEventQuery(input, now),
    (e: unknown) => e instanceof BaseError && e.code === code && e.path === path && e.kind === 'malformed',
  );

test('defaults: the last 24 hours, every type, 100 events', () => {
  assert.deepEqual(parseEventQuery({}, now), { since: '2026-11-28T12:00:00.000Z', limit: 100 });
});

test('since and until take a duration back from now or an ISO 8601 time; types, digest and paging are parsed', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(
    parseEventQuery(
      { since: '1h', until: '2026-11-29T11:30:00+01:00', type: 'cve, revoke', digest: d, limit: '5', after: 42 },
      now,
    ),
    {
      since: '2026-11-29T11:00:00.000Z',
      until: '2026-11-29T10:30:00.000Z',
      types: ['cve', 'revoke'],
      digest: d,
      limit: 5,
      afterId: 42,
    },
  );
});

test('bad parameters are EVENT_QUERY_INVALID naming the parameter (exit 2, HTTP 400)', () => {
  rejects({ since: 'yesterday' }, 'EVENT_QUERY_INVALID', 'since');
  rejects({ since: '2026-11-29T10:00:00' }, 'EVENT_QUERY_INVALID', 'since'); // no zone: machine-dependent
  rejects({ until: '-1h' }, 'EVENT_QUERY_INVALID', 'until');
  rejects({ type: 'cve,nope' }, 'EVENT_QUERY_INVALID', 'type');
  rejects({ limit: '0' }, 'EVENT_QUERY_INVALID', 'limit');
  rejects({ limit: '1001' }, 'EVENT_QUERY_INVALID', 'limit');
  rejects({ limit: '1e3' }, 'EVENT_QUERY_INVALID', 'limit');
  rejects({ env: '' }, 'EVENT_QUERY_INVALID', 'env');
  rejects({ digest: 'sha256:abc' }, 'BAD_DIGEST', 'digest');
});
