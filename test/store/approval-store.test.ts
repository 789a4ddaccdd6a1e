import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Approval } from '../../src/domain/approval.js';
import { ApprovalStore } from '../../src/store/approval-store.js';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';

const DIGEST = `sha256:${'d'.repeat(64)}` as const;
const now = () => new Date('2026-11-22T10:00:00Z');

function approval(nonceHash: string): Approval {
  return {
    digest: DIGEST,
    env: 'prod',
    subject: 'token:alice000',
    issuer: 'urn:mc:approvals',
    nonceHash,
    redeemedBy: 'token:ci000000',
    redeemedAt: '2026-11-22T10:00:00.000Z',
    expiresAt: '2026-11-22T10:30:00.000Z',
  };
}

for (const engine of ENGINES) {
  describe(`approval store (${engine.name})`, { skip: engine.available ? false : engine.skipReason }, () => {
    const closers: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of closers) await c();
    });

    /**
     * Two stores over one database: on PostgreSQL two replicas (connection pools) of mc serve; SQLite
     * is one process's file, so its two stores share the process's connection.
     */
    async function replicas() {
      const created = await engine.create();
      const a = await ReleaseStore.open(created.engine, now);
      closers.push(() => a.close());
      if (!created.url) return [new ApprovalStore(a.engine), new ApprovalStore(a.engine)] as const;
      const b = await ReleaseStore.open(postgresEngine(created.url, 4), now);
      closers.push(() => b.close());
      return [new ApprovalStore(a.engine), new ApprovalStore(b.engine)] as const;
    }

    it('redeems a nonce once across replicas, even when both try at the same moment', async () => {
      const [a, b] = await replicas();
      const nonce = 'ab'.repeat(32);
      const results = await Promise.all([a.redeem(approval(nonce), {}), b.redeem(approval(nonce), {})]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal(await a.redeem(approval(nonce), {}), false);
      assert.equal((await b.approvalsFor(DIGEST, 'prod')).length, 1);
    });

    it('takes a challenge once, only for its purpose and subject, and only while it lives', async () => {
      const [a, b] = await replicas();
      const c = {
        id: 'chal-1',
        purpose: 'approve' as const,
        subject: 'token:alice000',
        digest: DIGEST,
        env: 'prod',
        createdAt: '2026-11-22T10:00:00.000Z',
        expiresAt: '2026-11-22T10:05:00.000Z',
      };
      await a.addChallenge(c);
      assert.equal(await b.takeChallenge('chal-1', 'step-up', c.subject, now()), undefined);
      assert.equal(await b.takeChallenge('chal-1', 'approve', 'token:mallory', now()), undefined);
      assert.equal(await b.takeChallenge('chal-1', 'approve', c.subject, new Date('2026-11-22T10:06:00Z')), undefined);
      const taken = await Promise.all([
        a.takeChallenge('chal-1', 'approve', c.subject, now()),
        b.takeChallenge('chal-1', 'approve', c.subject, now()),
      ]);
      assert.equal(taken.filter(Boolean).length, 1);
      assert.equal(taken.find(Boolean)!.digest, DIGEST);
      assert.equal(await a.purgeChallenges(new Date('2026-11-22T10:05:00Z')), 0, 'not expired before then');
      assert.equal(await a.purgeChallenges(new Date('2026-11-22T11:05:00Z')), 1);
    });

    it('a signature counter moves by compare-and-set: of two assertions with one counter, one wins', async () => {
      const [a, b] = await replicas();
      await a.addCredential({
        id: 'cred-1',
        subject: 'token:alice000',
        publicKey: 'AA',
        counter: 4,
        transports: [],
        createdAt: '2026-11-22T10:00:00.000Z',
      });
      const moved = await Promise.all([a.advanceCounter('cred-1', 4, 5), b.advanceCounter('cred-1', 4, 5)]);
      assert.deepEqual(moved.sort(), [false, true]);
      assert.equal((await a.credential('cred-1'))!.counter, 5);
    });
  });
}
