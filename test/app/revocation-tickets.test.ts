import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { noTickets, revocationTickets, shellQuote, waiverCommand } from '../../src/app/revocation-tickets.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Revocation, RevocationChange } from '../../src/domain/revocation.js';

const base = `sha256:${'b'.repeat(64)}` as Digest;
const child = `sha256:${'c'.repeat(64)}` as Digest;
const hook = 'https://tickets.example/hooks/mc';
const at = '2026-11-29T12:00:00.000Z';

const cve = (digest: Digest, env: string | undefined, extra: Partial<Revocation> = {}): RevocationChange => ({
  action: 'revoke',
  revocation: {
    digest,
    ...(env ? { env } : {}),
    cause: 'cve',
    chain: [digest],
    reason: 'GHSA-aaaa-bbbb-cccc (CRITICAL) in lodash 4.17.20',
    source: 'watch:cve',
    advisory: 'GHSA-aaaa-bbbb-cccc',
    createdAt: at,
    ...extra,
  },
});

test('one ticket per newly revoked digest, its environments together, with everything the owner needs', () => {
  const tickets = revocationTickets(hook)([cve(base, 'prod'), cve(base, 'staging')], {
    names: () => ['registry.example/acme/api'],
    severity: (a) => (a === 'GHSA-aaaa-bbbb-cccc' ? 'CRITICAL' : undefined),
    owners: () => ['team-payments'],
  });
  assert.equal(tickets.length, 1);
  const [t] = tickets;
  assert.equal(t?.topic, 'ticket');
  assert.equal(t?.destination, hook);
  assert.match(t!.idempotencyKey, /^ticket:[0-9a-f]{40}$/);
  assert.deepEqual(t?.payload, {
    kind: 'revocation',
    digest: base,
    names: ['registry.example/acme/api'],
    environments: ['prod', 'staging'],
    allEnvironments: false,
    cause: 'cve',
    advisory: 'GHSA-aaaa-bbbb-cccc',
    severity: 'CRITICAL',
    owners: ['team-payments'],
    reason: 'GHSA-aaaa-bbbb-cccc (CRITICAL) in lodash 4.17.20',
    chain: [base],
    revokedAt: at,
    allowedBefore: false,
    lineageCommand: `mc lineage ${base}`,
    waiverCommand: `mc waivers add --advisory GHSA-aaaa-bbbb-cccc --digest ${base} --owner team-payments --reason '<why the risk is acceptable until the fix ships>' --ttl 7d`,
  });
});

test('the idempotency key is stable for the same revocation and differs for another time, env or advisory', () => {
  const tickets = revocationTickets(hook);
  const key = (c: RevocationChange) => tickets([c])[0]!.idempotencyKey;
  assert.equal(key(cve(base, 'prod')), key(cve(base, 'prod')));
  assert.notEqual(key(cve(base, 'prod')), key(cve(base, 'staging')));
  assert.notEqual(key(cve(base, 'prod')), key(cve(base, 'prod', { createdAt: '2026-11-30T12:00:00.000Z' })));
  assert.notEqual(key(cve(base, 'prod')), key(cve(base, 'prod', { advisory: 'GHSA-xxxx-yyyy-zzzz' })));
});

test('propagated revocations get their own ticket with the chain; digests allowed before come first; reinstatements none', () => {
  const manual: RevocationChange = {
    action: 'revoke',
    revocation: {
      digest: base,
      cause: 'manual',
      chain: [base],
      reason: 'compromised builder',
      source: 'cli:ops',
      createdAt: at,
    },
  };
  const lineage: RevocationChange = {
    action: 'revoke',
    revocation: { ...manual.revocation, digest: child, cause: 'lineage', chain: [base, child], inheritedFrom: base },
  };
  const reinstated: RevocationChange = { action: 'reinstate', revocation: manual.revocation };
  const tickets = revocationTickets(hook)([manual, lineage, reinstated], { allowedBefore: (d) => d === child });
  assert.deepEqual(
    tickets.map((t) => [t.payload.digest, t.payload.cause, t.payload.allEnvironments, t.payload.allowedBefore]),
    [
      [child, 'lineage', true, true],
      [base, 'manual', true, false],
    ],
  );
  assert.deepEqual(tickets[0]?.payload.chain, [base, child]);
  assert.equal(tickets[0]?.payload.waiverCommand, undefined, 'no advisory, no waiver to propose');
});

test('without a webhook there are no tickets', () => {
  assert.deepEqual(revocationTickets(undefined)([cve(base, 'prod')]), []);
  assert.deepEqual(noTickets([cve(base, 'prod')]), []);
});

test('the waiver command quotes hostile advisory ids and owners for the shell', () => {
  const hostile = "GHSA-1'; rm -rf / #";
  const cmd = waiverCommand(hostile, base, "o'neil $(id)");
  const argv = execFileSync('sh', ['-c', `printf '%s\\n' ${cmd.replace(/^mc waivers add /, '')}`], { encoding: 'utf8' })
    .trimEnd()
    .split('\n');
  assert.deepEqual(argv.slice(0, 2), ['--advisory', hostile]);
  assert.deepEqual(argv.slice(4, 6), ['--owner', "o'neil $(id)"]);
  assert.equal(shellQuote('GHSA-abcd-efgh-ijkl'), 'GHSA-abcd-efgh-ijkl');
});
