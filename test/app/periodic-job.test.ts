import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PeriodicJob, type JobContext, type JobSpec, type TickReport } from '../../src/app/periodic-job.js';
import { EventStore } from '../../src/store/event-store.js';
import { LeaseStore } from '../../src/store/lease-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';

const MIN = 60_000;

for (const engine of ENGINES) {
  describe(`periodic jobs under a lease on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let store: ReleaseStore;
    let now = Date.UTC(2026, 10, 29, 12, 0, 0);
    const clock = () => new Date(now);
    let leases: LeaseStore;
    let events: EventStore;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine);
      leases = new LeaseStore(store.engine);
      events = new EventStore(store.engine, clock);
    });
    after(async () => {
      await store?.close();
    });

    const job = <T>(holder: string, spec: JobSpec<T>, reports: TickReport<unknown>[] = []) =>
      new PeriodicJob(spec, { leases, events, clock, holder, onReport: (r) => reports.push(r) });
    const ticks = async (name: string) => events.list({ types: ['watch-tick'], cause: name });

    test('two replicas: one tick per interval across both; a paused holder is replaced after one lease period', async () => {
      const runs: string[] = [];
      const spec = (who: string): JobSpec<number> => ({
        name: 'sweep',
        intervalMs: 15 * MIN,
        leaseTtlMs: MIN,
        run: async () => runs.push(who),
        describe: (n) => ({ runs: n }),
      });
      const a = job('a', spec('a'));
      const b = job('b', spec('b'));
      assert.equal((await a.beat())?.outcome, 'ok');
      assert.equal(await b.beat(), undefined, 'b does not hold the lease');
      now += 20_000;
      assert.equal(await a.beat(), undefined, 'renewed, not due');
      assert.equal(await b.beat(), undefined);
      // a pauses (stops beating); after one lease period b holds the lease but waits for the interval
      now += MIN + 1;
      assert.equal(await b.beat(), undefined, 'b took the lease; the last tick is younger than the interval');
      assert.equal((await leases.get('sweep'))?.holder, 'b');
      now += 15 * MIN;
      assert.equal((await b.beat())?.outcome, 'ok');
      assert.equal(await a.beat(), undefined, 'a woke up without its lease');
      assert.deepEqual(runs, ['a', 'b']);
      const recorded = await ticks('sweep');
      assert.equal(recorded.length, 2);
      assert.equal(recorded[0]?.details.runs, 2);
      assert.equal(recorded[0]?.details.outcome, 'ok');
      const takeovers = await events.list({ types: ['lease'], cause: 'sweep' });
      assert.deepEqual(
        takeovers.map((e) => [e.details.holder, e.details.token]),
        [
          ['b', 2],
          ['a', 1],
        ],
      );
    });

    test('a holder killed mid-tick: the next holder ticks at once, and the old one sees its lease lost', async () => {
      let release!: () => void;
      let seen: JobContext | undefined;
      const stuck = job('k1', {
        name: 'stuck',
        intervalMs: 15 * MIN,
        leaseTtlMs: MIN,
        run: async (ctx) => {
          seen = ctx;
          await new Promise<void>((r) => {
            release = r;
          });
        },
      });
      const first = stuck.beat(); // resolves only when the tick ends
      while (seen === undefined) await new Promise((r) => setImmediate(r));
      assert.equal(await stuck.beat(), undefined, 'a tick is running: no second one, the lease is renewed');
      now += MIN + 1;
      let ran = 0;
      const next = job('k2', { name: 'stuck', intervalMs: 15 * MIN, leaseTtlMs: MIN, run: async () => ++ran });
      assert.equal((await next.beat())?.outcome, 'ok', 'no tick was recorded: the new holder ticks at once');
      assert.equal(ran, 1);
      await stuck.beat();
      assert.equal(seen?.signal.aborted, true, 'the killed-and-revived holder learns it lost the lease');
      release();
      assert.equal((await first)?.outcome, 'ok');
      const [last] = await ticks('stuck');
      assert.equal(last?.details.leaseLost, true, 'its late tick says it ran without the lease');
    });

    test('a job that throws is reported and recorded, never thrown', async () => {
      const reports: TickReport<unknown>[] = [];
      const failing = job(
        'f',
        {
          name: 'failing',
          intervalMs: MIN,
          run: async () => {
            throw new Error('advisory source vanished');
          },
        },
        reports,
      );
      const r = await failing.beat();
      assert.equal(r?.outcome, 'failed');
      assert.equal(r?.error, 'advisory source vanished');
      assert.equal(reports.at(-1)?.outcome, 'failed');
      const [e] = await ticks('failing');
      assert.equal(e?.details.outcome, 'failed');
      assert.equal(e?.details.error, 'advisory source vanished');
    });

    test('quiet ticks record nothing; runOnce is skipped while another replica holds the lease', async () => {
      const quiet = job('q', { name: 'quiet', intervalMs: MIN, run: async () => 0, quiet: (n) => n === 0 });
      assert.equal((await quiet.beat())?.outcome, 'ok');
      assert.equal((await ticks('quiet')).length, 0);
      const once = job('cli', { name: 'quiet', intervalMs: MIN, run: async () => 1 });
      const skipped = await once.runOnce();
      assert.deepEqual([skipped.outcome, skipped.skipped, skipped.heldBy], ['skipped', 'lease-held', 'q']);
      await quiet.stop(); // a clean stop gives the lease up
      assert.equal((await once.runOnce()).outcome, 'ok');
      assert.equal((await leases.get('quiet'))?.expiresAt, new Date(0).toISOString(), 'runOnce released it');
    });

    test('runOnce renews its lease while the tick runs, and aborts the tick when the lease is lost', async () => {
      let lose = false;
      const flaky = {
        ...leases,
        acquire: (n: string, h: string, at: Date, ttl: number) =>
          lose ? Promise.resolve(undefined) : leases.acquire(n, h, at, ttl),
        release: (n: string, h: string) => leases.release(n, h),
        get: (n: string) => leases.get(n),
      };
      let ctx: JobContext | undefined;
      let renewed = false;
      const once = new PeriodicJob(
        {
          name: 'long-once',
          intervalMs: MIN,
          leaseTtlMs: 60, // renewed every 20 ms of real time
          run: async (c) => {
            ctx = c;
            const first = (await leases.get('long-once'))?.expiresAt;
            now += 1000;
            while ((await leases.get('long-once'))?.expiresAt === first) await new Promise((r) => setTimeout(r, 5));
            renewed = true;
            lose = true;
            await new Promise<void>((r) => c.signal.addEventListener('abort', () => r()));
            return 'aborted';
          },
        },
        { leases: flaky, events, clock, holder: 'cli-once' },
      );
      const report = await once.runOnce();
      assert.equal(renewed, true);
      assert.equal(ctx?.signal.aborted, true);
      assert.equal(report.outcome, 'ok');
      const [tick] = await ticks('long-once');
      assert.equal(tick?.details.leaseLost, true);
    });
  });
}
