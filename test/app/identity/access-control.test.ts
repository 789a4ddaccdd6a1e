import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccessError } from '../../../src/access/access-error.js';
import { loadAccessPolicy } from '../../../src/access/access-policy.js';
import { AccessControl } from '../../../src/app/identity/access-control.js';
import { Authenticator } from '../../../src/app/identity/authenticator.js';
import { StaticTokens } from '../../../src/app/identity/static-tokens.js';
import { cliPrincipal, type Principal } from '../../../src/domain/principal.js';
import type { LedgerEntry } from '../../../src/ledger/ledger-entry.js';
import { ACCESS_YAML } from '../../support/access.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const release: Principal = { label: 'oidc:idp.example:bob', kind: 'oidc', roles: ['release'] };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function control(lastAssertion: Date | undefined, yaml = ACCESS_YAML) {
  const recorded: LedgerEntry[] = [];
  const policy = loadAccessPolicy(yaml);
  const access = new AccessControl({
    policies: { current: () => policy },
    authenticator: new Authenticator(new StaticTokens({ apiTokens: [] })),
    namesOf: async () => [],
    record: async (entries) => recorded.push(...entries),
    clock: () => NOW,
    stepUp: { recentAssertion: async () => lastAssertion, howTo: 'POST /v1/webauthn/step-up/options' },
  });
  return { access, recorded };
}

const stepUpRequired = (e: unknown) =>
  e instanceof AccessError && e.code === 'STEP_UP_REQUIRED' && e.kind === 'forbidden';

describe('step-up: a recent WebAuthn assertion where access.yaml asks for one', () => {
  test('none, or one older than 5 minutes, is 403 STEP_UP_REQUIRED saying how to get one, and recorded', async () => {
    for (const last of [undefined, minutesAgo(6)]) {
      const { access, recorded } = control(last);
      await assert.rejects(access.requireStepUp(release, 'approve', 'prod'), (e: unknown) => {
        return stepUpRequired(e) && /POST \/v1\/webauthn\/step-up\/options/.test((e as Error).message);
      });
      assert.deepEqual(
        recorded.map((e) => [e.type, e.actor, (e.payload as { code: string }).code]),
        [['access', release.label, 'STEP_UP_REQUIRED']],
      );
    }
  });

  test('one within 5 minutes passes; a future-dated one does not', async () => {
    await control(minutesAgo(4)).access.requireStepUp(release, 'approve', 'prod');
    await assert.rejects(control(minutesAgo(-1)).access.requireStepUp(release, 'approve', 'prod'), stepUpRequired);
  });

  test('only where it applies: not in dev (normal sensitivity), never for the local CLI; everywhere-at-once needs it', async () => {
    const { access } = control(undefined);
    await access.requireStepUp(release, 'approve', 'dev');
    await access.requireStepUp(cliPrincipal('alice'), 'approve', 'prod');
    await assert.rejects(access.requireStepUp(release, 'waive', undefined), stepUpRequired);
  });

  test('without a WebAuthn relying party wired, step-up fails closed', async () => {
    const policy = loadAccessPolicy(ACCESS_YAML);
    const access = new AccessControl({
      policies: { current: () => policy },
      authenticator: new Authenticator(new StaticTokens({ apiTokens: [] })),
      namesOf: async () => [],
      record: async () => undefined,
      clock: () => NOW,
    });
    await assert.rejects(access.requireStepUp(release, 'approve', 'prod'), (e: unknown) => {
      return stepUpRequired(e) && /no WebAuthn relying party/.test((e as Error).message);
    });
  });
});
