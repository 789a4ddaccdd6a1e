import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ApprovalError } from '../../../src/app/approvals/approval-error.js';
import { serveJobs } from '../../../src/app/background-jobs.js';
import { ServerMetrics } from '../../../src/server/metrics.js';
import type { Installation } from '../../../src/app/installation.js';
import type { Principal } from '../../../src/domain/principal.js';
import { ReleaseStore } from '../../../src/store/release-store.js';
import { ENGINES } from '../../support/engines.js';
import { testInstallation } from '../../support/installation.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { makeWorkspace } from '../../support/workspace.js';
import { APPROVAL_GATES, DIGEST, testClock } from './approval-flow.test.js';

const person = (label: string, ...roles: string[]): Principal => ({ label, kind: 'oidc', roles });
const SEC = person('oidc:idp:sec', 'security');
const REL = person('oidc:idp:rel', 'release');
const OWN = person('oidc:idp:own', 'owner');
const BOTH = person('oidc:idp:both', 'security', 'release');

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof ApprovalError && e.code === code);
}

for (const engine of ENGINES) {
  describe(`SEV-1 quorum bypass (${engine.name})`, { skip: engine.available ? false : engine.skipReason }, () => {
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
      // No SBOM: sbom and approvals fail in prod until the bypass opens.
      await inst.gate.ingest(DIGEST, [{ kind: 'scan', bytes: new TextEncoder().encode('{"results":[]}') }], {
        name: 'registry.example/acme/api',
      });
      return { inst, clock };
    }

    /** A WebAuthn step-up by `p` with a freshly registered software authenticator. */
    async function stepUp(inst: Installation, p: Principal) {
      const authn = new SoftAuthenticator();
      await inst.approvals.rp.register(p.label, authn.register(await inst.approvals.rp.registrationOptions(p.label)));
      await inst.approvals.stepUp.verify(p, authn.assert(await inst.approvals.stepUp.options(p)));
    }

    it('opens after security, release and owner approve with fresh step-ups, bypasses the gates, reverts after 4 h, and reports', async () => {
      const { inst, clock } = await setup();
      const b = await inst.approvals.bypass.request(
        { digest: DIGEST, env: 'prod', incident: 'SEV1-42', reason: 'payments down' },
        SEC,
      );
      assert.equal(b.state, 'pending');
      assert.equal((await inst.gate.verify(DIGEST, 'prod')).decision.allow, false);

      // Over HTTP a step-up is required; older than 5 minutes does not count.
      await rejects(inst.approvals.bypass.approve(b.id, 'security', SEC, { stepUp: true }), 'STEP_UP_REQUIRED');
      await stepUp(inst, SEC);
      clock.advance(6 * 60_000);
      await rejects(inst.approvals.bypass.approve(b.id, 'security', SEC, { stepUp: true }), 'STEP_UP_REQUIRED');
      await stepUp(inst, SEC);
      await inst.approvals.bypass.approve(b.id, 'security', SEC, { stepUp: true });

      await rejects(inst.approvals.bypass.approve(b.id, 'release', SEC, { stepUp: false }), 'BYPASS_ROLE_MISSING');
      await stepUp(inst, BOTH);
      await rejects(inst.approvals.bypass.approve(b.id, 'security', BOTH, { stepUp: true }), 'BYPASS_ROLE_TAKEN');
      await inst.approvals.bypass.approve(b.id, 'release', BOTH, { stepUp: true });
      // One person holding two roles approves once.
      await rejects(
        inst.approvals.bypass.approve(b.id, 'release', BOTH, { stepUp: true }),
        'BYPASS_DUPLICATE_APPROVER',
      );
      await stepUp(inst, OWN);
      const opened = await inst.approvals.bypass.approve(b.id, 'owner', OWN, { stepUp: true });
      assert.equal(opened.state, 'active');
      assert.ok(!opened.gates.includes('promotable'));
      await rejects(inst.approvals.bypass.approve(b.id, 'owner', REL, { stepUp: false }), 'BYPASS_ROLE_MISSING');

      const during = await inst.gate.verify(DIGEST, 'prod');
      assert.equal(during.decision.allow, true);
      for (const g of ['sbom', 'approvals'])
        assert.equal(during.decision.gates.find((x) => x.gate === g)!.result, 'bypassed');
      assert.equal(during.decision.gates.find((x) => x.gate === 'sbom')!.reasons[0]!.code, 'BYPASSED');

      clock.advance(4 * 3_600_000);
      // Expired even before the job runs: the evaluation checks the expiry itself.
      assert.equal((await inst.gate.verify(DIGEST, 'prod')).decision.allow, false);
      // mc serve's expiry job, under its lease, records the revert once.
      const jobs = serveJobs(inst);
      const expiry = jobs.jobs.find((j) => j.spec.name === 'bypass-expiry')!;
      const tick = await expiry.runOnce();
      assert.equal(tick.outcome, 'ok');
      assert.deepEqual(tick.result, { reverted: [b.id] });
      await jobs.stop();
      assert.deepEqual(await inst.approvals.bypass.expireDue(), { reverted: [] });
      const report = await inst.approvals.bypass.report(b.id);
      assert.equal(report.bypass.state, 'reverted');
      assert.deepEqual(
        report.bypass.approvals.map((a) => [a.role, a.subject]),
        [
          ['security', SEC.label],
          ['release', BOTH.label],
          ['owner', OWN.label],
        ],
      );
      assert.ok(report.bypass.approvals.every((a) => a.steppedUpAt));
      assert.ok(report.decisions.length >= 1);
      assert.ok(report.decisions.every((d) => d.gates.some((g) => g.result === 'bypassed')));
      const states = (await inst.events.list({ types: ['bypass'] })).map((e) => e.cause).reverse();
      assert.deepEqual(states, ['requested', 'approved', 'approved', 'approved', 'active', 'reverted']);
      // mc_bypass_events_total{state} from the events table at scrape time.
      const text = await new ServerMetrics(() => inst.figures.read()).registry.metrics();
      for (const line of [
        'mc_bypass_events_total{state="requested"} 1',
        'mc_bypass_events_total{state="approved"} 3',
        'mc_bypass_events_total{state="active"} 1',
        'mc_bypass_events_total{state="reverted"} 1',
      ])
        assert.ok(text.includes(line), line);
    });

    it('refuses approving a bypass that is not pending, or that does not exist, and bad requests', async () => {
      const { inst } = await setup();
      await rejects(inst.approvals.bypass.approve('byp-nope', 'owner', OWN, { stepUp: false }), 'BYPASS_NOT_FOUND');
      await rejects(
        inst.approvals.bypass.request({ digest: DIGEST, env: 'prod', incident: '', reason: 'x' }, SEC),
        'BYPASS_INVALID',
      );
      await rejects(inst.approvals.bypass.approve('byp-nope', 'janitor', OWN, { stepUp: false }), 'BYPASS_INVALID');
    });
  });
}
