import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewEvent } from '../../src/domain/events.js';
import { EventBatch } from '../../src/app/event-batch.js';
import { RepeatFilter } from '../../src/app/repeat-filter.js';

const ev = (workload: string): NewEvent => ({ type: 'admission', workload, details: {} });

test('EventBatch: records made while a write is under way go out together; each caller settles with its own batch', async () => {
  const writes: string[][] = [];
  let fail = false;
  const target = {
    async record(events: readonly NewEvent[]) {
      writes.push(events.map((e) => e.workload!));
      await new Promise((r) => setImmediate(r));
      if (fail) throw new Error('store down');
    },
  };
  const batch = new EventBatch(target, 4);
  await Promise.all([batch.record([ev('a')]), batch.record([ev('b'), ev('c')]), batch.record([])]);
  assert.deepEqual(writes, [['a', 'b', 'c']], 'one transaction for the burst; an empty record writes nothing');

  writes.length = 0;
  await Promise.all(['d', 'e', 'f', 'g', 'h'].map((w) => batch.record([ev(w)])));
  assert.deepEqual(writes, [['d', 'e', 'f', 'g'], ['h']], 'at most maxEvents per transaction');

  writes.length = 0;
  fail = true;
  const results = await Promise.allSettled([batch.record([ev('x')]), batch.record([ev('y')])]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
    'a failed write fails every caller in it: nothing is acknowledged unwritten',
  );
  fail = false;
  await batch.record([ev('z')]);
  assert.deepEqual(writes.at(-1), ['z'], 'the next burst is written again');
});

test('RepeatFilter: new, then quiet within the window, new again after it; bounded', () => {
  const f = new RepeatFilter(60_000, 2);
  assert.equal(f.fresh('a', 0), true);
  assert.equal(f.fresh('a', 59_999), false);
  assert.equal(f.fresh('a', 60_000), true);
  assert.equal(f.fresh('a', 1_000), true, 'a clock that went back lets it through rather than hide it');
  assert.equal(f.fresh('b', 1_000), true);
  assert.equal(f.fresh('c', 1_000), true, 'past maxKeys the oldest key is forgotten');
  assert.equal(f.fresh('a', 1_001), true, 'a forgotten key is new again');
  assert.equal(f.fresh('c', 1_002), false);
});
