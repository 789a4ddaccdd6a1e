import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Installation } from '../../../src/app/installation.js';
import { ApprovalError } from '../../../src/app/approvals/approval-error.js';
import { adminTokenPrincipal } from '../../../src/domain/principal.js';
import { ReleaseStore } from '../../../src/store/release-store.js';
import { ENGINES } from '../../support/engines.js';
import { testInstallation } from '../../support/installation.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { cyclonedx, makeWorkspace } from '../../support/workspace.js';

export const APPROVAL_GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory }
  prod: { sbom: enforce, approvals: enforce, promotable: enforce }
`;
export const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

/** A mutable clock: the test moves it; nothing sleeps. */
export function testClock(start = '2026-11-22T10:00:00Z') {
  let t = Date.parse(start);
  const clock = () => new Date(t);
  return Object.assign(clock, { advance: (ms: number) => void (t += ms) });
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof ApprovalError && e.code === code);
}

for (const engine of ENGINES) {
  describe(`session-bound approvals (${engine.name})`, { skip: engine.available ? false : engine.skipReason }, () => {
    const open: Installation[] = [];
    after(async () => {
      for (const i of open) await i.close();
    });

    async function setup() {
      const clock = testClock();
      const ws = makeWorkspace(APPROVAL_GATES);
      const store = await ReleaseStore.open((await engine.create()).engine, clock);
      const inst = testInstallation(ws, store, clock);
      open.push(inst);
      await inst.gate.ingest(DIGEST, [{ kind: 'sbom', bytes: cyclonedx([]) }], { name: 'registry.example/acme/api' });
      const alice = adminTokenPrincipal('token:alice000');
      const authn = new SoftAuthenticator();
      await inst.approvals.rp.register(
        alice.label,
        authn.register(await inst.approvals.rp.registrationOptions(alice.label)),
      );
      return { inst, clock, alice, authn };
    }

    async function ceremony(
      inst: Installation,
      alice: ReturnType<typeof adminTokenPrincipal>,
      authn: SoftAuthenticator,
    ) {
      const options = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      return inst.approvals.approvals.approve(alice, authn.assert(options));
    }

    it('denies without approval, allows once redeemed, refuses a replay, denies again 35 minutes later', async () => {
      const { inst, clock, alice, authn } = await setup();
      const before = await inst.gate.verify(DIGEST, 'prod');
      assert.equal(before.decision.allow, false);
      const gate = before.decision.gates.find((g) => g.gate === 'approvals')!;
      assert.equal(gate.result, 'fail');
      assert.equal(gate.reasons[0]!.code, 'APPROVAL_MISSING');

      assert.equal(await inst.approvals.stepUp.recentAssertion(alice, clock()), undefined);
      const { token, expiresAt } = await ceremony(inst, alice, authn);
      assert.deepEqual(
        await inst.approvals.stepUp.recentAssertion(alice, clock()),
        clock(),
        'the approval counts as a step-up',
      );
      assert.equal(Date.parse(expiresAt) - clock().getTime(), 30 * 60_000);
      await inst.approvals.approvals.redeem(token, { digest: DIGEST, env: 'prod' }, 'token:ci000000');
      const allowed = await inst.gate.verify(DIGEST, 'prod');
      assert.equal(allowed.decision.allow, true);
      assert.equal(allowed.decision.gates.find((g) => g.gate === 'approvals')!.reasons[0]!.code, 'APPROVED');

      await rejects(
        inst.approvals.approvals.redeem(token, { digest: DIGEST, env: 'prod' }, 'token:ci000000'),
        'APPROVAL_REPLAYED',
      );

      clock.advance(35 * 60_000);
      const later = await inst.gate.verify(DIGEST, 'prod');
      assert.equal(later.decision.allow, false);
      assert.deepEqual(
        later.decision.gates.find((g) => g.gate === 'approvals')!.reasons.map((r) => r.code),
        ['APPROVAL_MISSING', 'APPROVAL_EXPIRED'],
      );
    });

    it('refuses a token for another digest or environment, an expired one and a forged one', async () => {
      const { inst, clock, alice, authn } = await setup();
      const { token } = await ceremony(inst, alice, authn);
      await rejects(
        inst.approvals.approvals.redeem(token, { digest: OTHER, env: 'prod' }, 'x'),
        'APPROVAL_BINDING_MISMATCH',
      );
      await rejects(
        inst.approvals.approvals.redeem(token, { digest: DIGEST, env: 'dev' }, 'x'),
        'APPROVAL_BINDING_MISMATCH',
      );
      const [h, p, s] = token.split('.');
      const forged = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      await rejects(
        inst.approvals.approvals.redeem(forged, { digest: DIGEST, env: 'prod' }, 'x'),
        'APPROVAL_TOKEN_SIGNATURE',
      );
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
      await rejects(
        inst.approvals.approvals.redeem(none, { digest: DIGEST, env: 'prod' }, 'x'),
        'APPROVAL_TOKEN_SIGNATURE',
      );
      await rejects(
        inst.approvals.approvals.redeem('x'.repeat(9000), { digest: DIGEST, env: 'prod' }, 'x'),
        'APPROVAL_TOKEN_MALFORMED',
      );
      clock.advance(31 * 60_000 + 61_000);
      await rejects(
        inst.approvals.approvals.redeem(token, { digest: DIGEST, env: 'prod' }, 'x'),
        'APPROVAL_TOKEN_EXPIRED',
      );
    });

    it('requires user verification, a live single-use challenge and an advancing counter', async () => {
      const { inst, alice, authn } = await setup();
      const o1 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await rejects(
        inst.approvals.approvals.approve(alice, authn.assert(o1, { userVerified: false })),
        'WEBAUTHN_USER_NOT_VERIFIED',
      );
      // The challenge was taken by that attempt: it cannot be used again.
      await rejects(inst.approvals.approvals.approve(alice, authn.assert(o1)), 'WEBAUTHN_CHALLENGE_UNKNOWN');
      const o2 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await inst.approvals.approvals.approve(alice, authn.assert(o2));
      const o3 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await rejects(
        inst.approvals.approvals.approve(alice, authn.assert(o3, { counter: 1 })),
        'WEBAUTHN_COUNTER_REPLAYED',
      );
      const o4 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await rejects(
        inst.approvals.approvals.approve(alice, authn.assert(o4, { tamper: true, counter: 10 })),
        'WEBAUTHN_VERIFICATION_FAILED',
      );
      const o5 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await rejects(
        inst.approvals.approvals.approve(alice, authn.assert(o5, { counter: 11, origin: 'http://evil.example' })),
        'WEBAUTHN_ORIGIN_REJECTED',
      );
      const bob = adminTokenPrincipal('token:bob00000');
      const o6 = await inst.approvals.approvals.options(alice, DIGEST, 'prod');
      await rejects(
        inst.approvals.approvals.approve(bob, authn.assert(o6, { counter: 12 })),
        'WEBAUTHN_CHALLENGE_UNKNOWN',
      );
    });

    it('an exception lets the service through for at most 24 h, then the gate fails again', async () => {
      const { inst, clock } = await setup();
      await rejects(
        inst.approvals.approvals.addException(
          { service: 'registry.example/acme/api', env: 'prod', owner: 'acme', reason: 'r', ttl: '25h' },
          'cli:me',
        ),
        'EXCEPTION_INVALID',
      );
      const e = await inst.approvals.approvals.addException(
        { service: 'registry.example/acme/api', env: 'prod', owner: 'acme', reason: 'freeze override', ttl: '2h' },
        'cli:me',
      );
      const during = await inst.gate.verify(DIGEST, 'prod');
      assert.equal(during.decision.allow, true);
      assert.equal(during.decision.gates.find((g) => g.gate === 'approvals')!.reasons[0]!.code, 'APPROVAL_EXCEPTION');
      const other = await inst.approvals.approvals.addException(
        { service: 'registry.example/acme/web', env: 'prod', owner: 'acme', reason: 'kept', ttl: '4h' },
        'cli:me',
      );
      await inst.approvals.approvals.removeException(other.id, 'cli:me');
      await rejects(inst.approvals.approvals.removeException(other.id, 'cli:me'), 'EXCEPTION_NOT_FOUND');
      clock.advance(2 * 3_600_000);
      assert.equal((await inst.gate.verify(DIGEST, 'prod')).decision.allow, false);
      // The expiry job records the end once (an `expire` ledger entry and event), then it is gone.
      assert.deepEqual(await inst.approvals.approvals.expireDue(), { expired: [e.id] });
      assert.deepEqual(await inst.approvals.approvals.expireDue(), { expired: [] });
      assert.deepEqual(await inst.approvals.approvals.listExceptions(), []);
      const causes = (await inst.events.list({ types: ['approval'] })).map((x) => x.cause).reverse();
      assert.deepEqual(causes, ['exception-add', 'exception-add', 'exception-remove', 'exception-expire']);
    });
  });
}
