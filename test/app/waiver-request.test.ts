// The waiver request schema shared by waivers.yaml and the API.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WaiverError } from '../../src/app/waiver-error.js';
import { parseWaiverRequest, waiversDue } from '../../src/app/waiver-service.js';
import { lintWaiversText } from '../../src/policy/waivers.js';
import type { Waiver } from '../../src/domain/waiver.js';

describe('waiver request schema', () => {
  test('fails closed with the path of the offending field', () => {
    const cases: Array<[unknown, string]> = [
      [{ owner: 'a', reason: 'r', ttl: '1d' }, '/'],
      [{ advisory: 'GHSA-x', owner: 'a', reason: 'r', ttl: '1 day' }, '/ttl'],
      [{ digest: 'sha256:XYZ', owner: 'a', reason: 'r', ttl: '1d' }, '/digest'],
      [{ advisory: 'GHSA-x', owner: '', reason: 'r', ttl: '1d' }, '/owner'],
      [{ advisory: 'GHSA-x', owner: 'a', reason: 'r', ttl: '1d', extra: 1 }, '/'],
      [{ purl: 'pkg:', owner: 'a', reason: 'r', ttl: '1d' }, '/purl'],
      [[], '/'],
      ['x', '/'],
    ];
    for (const [input, path] of cases) {
      assert.throws(
        () => parseWaiverRequest(input),
        (e: unknown) => e instanceof WaiverError && e.code === 'WAIVER_INVALID' && e.path === path,
        JSON.stringify(input),
      );
    }
  });

  test('waivers.yaml and API requests accept and refuse the same fields (one definition, purl check included)', () => {
    const base = { owner: 'team-a', reason: 'r', ttl: '1d' };
    const cases: Array<[Record<string, unknown>, string | undefined]> = [
      [{ ...base, advisory: 'GHSA-aaaa-bbbb-cccc' }, undefined],
      [{ ...base, purl: 'pkg:npm/@babel/core' }, undefined],
      [{ ...base, purl: 'pkg:' }, '/purl'],
      [{ ...base, purl: `pkg:npm/${'a'.repeat(1100)}` }, '/purl'],
      [{ ...base, advisory: 'CVE 2026 1' }, '/advisory'],
      [{ ...base, advisory: 'GHSA-x', owner: 'o'.repeat(300) }, '/owner'],
      [{ ...base, advisory: 'GHSA-x', reason: 'r'.repeat(5000) }, '/reason'],
      [{ ...base, digest: 'sha256:1' }, '/digest'],
      [{ ...base }, ''],
    ];
    for (const [fields, path] of cases) {
      const api = (() => {
        try {
          parseWaiverRequest(fields);
          return undefined;
        } catch (e) {
          return (e as WaiverError).path;
        }
      })();
      const yaml = `version: 1\nwaivers:\n  - ${JSON.stringify({ ...fields, created: '2026-11-20T10:00:00Z' })}\n`;
      const { issues } = lintWaiversText(yaml, 'waivers.yaml', '7d');
      assert.equal(api === undefined, path === undefined, `API ${JSON.stringify(fields).slice(0, 80)}`);
      assert.equal(
        issues.length === 0,
        path === undefined,
        `file ${JSON.stringify(fields).slice(0, 80)}: ${JSON.stringify(issues.map((i) => i.message))}`,
      );
      if (path)
        assert.ok(
          api === (path || '/') && issues.some((i) => i.path === `/waivers/0${path}`),
          `${path}: api ${api}, file ${issues.map((i) => i.path)}`,
        );
    }
  });

  test('due: exactly the active waivers whose expiry falls within the window (property)', () => {
    const base = Date.parse('2026-11-22T00:00:00Z');
    const arb = fc.array(
      fc.record({ created: fc.integer({ min: -10, max: 10 }), ttl: fc.integer({ min: 1, max: 20 }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 30 }), (raw, windowH) => {
        const waivers: Waiver[] = raw.map((w, i) => ({
          id: `w${i}`,
          advisory: 'A',
          owner: 'o',
          reason: 'r',
          source: 'api',
          created: new Date(base + w.created * 3_600_000).toISOString(),
          expires: new Date(base + (w.created + w.ttl) * 3_600_000).toISOString(),
        }));
        const due = waiversDue(waivers, new Date(base), windowH * 3_600_000).map((w) => w.id);
        const expected = raw.flatMap((w, i) =>
          w.created <= 0 && w.created + w.ttl > 0 && w.created + w.ttl <= windowH ? [`w${i}`] : [],
        );
        assert.deepEqual([...due].sort(), expected.sort());
      }),
    );
  });
});
