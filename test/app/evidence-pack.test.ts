import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerService } from '../../src/app/ledger-service.js';
import { buildEvidencePack } from '../../src/app/evidence-pack.js';
import { parsePackArchive, writePackArchive } from '../../src/app/evidence-pack-archive.js';
import { verifyEvidencePack } from '../../src/app/evidence-pack-verify.js';
import { canonicalJsonBytes } from '../../src/ledger/canonical-json.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../../src/ledger/note-key.js';
import { PackError, type PackErrorCode } from '../../src/ledger/pack/pack-error.js';
import { MANIFEST_SIG_PATH, sealPack } from '../../src/ledger/pack/pack-manifest.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const ORIGIN = 'mc.test/packs';
const digest = `sha256:${'c'.repeat(64)}` as const;
const now = new Date('2026-11-22T10:00:00Z');
const isPack = (code: PackErrorCode, path?: string) => (e: unknown) =>
  e instanceof PackError && e.code === code && (path === undefined || e.path === path);
const withFile = (files: ReadonlyMap<string, Uint8Array>, path: string, bytes: Uint8Array) =>
  new Map([...files, [path, bytes]]);

for (const engine of ENGINES) {
  describe(`evidence packs on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let ledger: LedgerService;
    let pack: Map<string, Uint8Array>;
    const key = generateNoteKey(ORIGIN);
    const signer = parseSignerKey(key.skey);
    const dir = mkdtempSync(join(tmpdir(), 'mc-evidence-pack-'));

    before(async () => {
      const ws = makeWorkspace();
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const service = testInstallation(ws, store, () => now, {}).gate;
      ledger = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        { signer, verifiers: [parseVerifierKey(key.vkey)] },
        () => now,
      );
      await service.ingest(`sha256:${'d'.repeat(64)}`, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'other', version: '1.0.0', purl: 'pkg:npm/other@1.0.0' }]) },
      ]);
      await service.ingest(
        digest,
        [{ kind: 'sbom', bytes: cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]) }],
        { name: 'registry.example/acme/api' },
      );
      await service.verify(digest, 'prod', 'always');
      await service.verify(digest, 'dev', 'always');
      const policyFiles = new Map([
        ['policy/gates.yaml', new Uint8Array(readFileSync(ws.gatesFile))],
        ['trust/trust-policy.yaml', new Uint8Array(Buffer.from('version: 1\n'))],
      ]);
      pack = await buildEvidencePack({ ledger, signer, digest, env: 'prod', policyFiles, now });
    });
    after(async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a pack round-trips through tar.gz and verifies offline with the vkey alone', async () => {
      const file = join(dir, 'release.tgz');
      await writePackArchive(pack, file);
      const report = verifyEvidencePack(parsePackArchive(readFileSync(file)), [key.vkey], { origin: ORIGIN });
      assert.equal(report.digest, digest);
      assert.equal(report.env, 'prod');
      assert.equal(report.allow, false);
      assert.equal(
        report.ledgerEntries,
        3,
        'ingest + prod decision + dev decision about this artifact, not the other one',
      );
      for (const p of [
        'decision.json',
        'vulnerabilities.json',
        'verification.json',
        'policy.json',
        'trust/trust-policy.yaml',
        'evidence/sbom-1.json',
        'ledger/checkpoint',
        'ledger/proofs.json',
        'disclosure-pack.md',
        'manifest.json',
        'manifest.sig',
      ]) {
        assert.ok(pack.has(p), p);
      }
      const md = Buffer.from(pack.get('disclosure-pack.md')!).toString();
      assert.match(md, /## What was checked/);
      assert.match(md, /\| sbom \| enforce \| pass \|/);
      assert.match(md, /Policy version: `sha256:/);
    });

    test('one flipped byte in any file, in turn, is caught naming that file', () => {
      let flips = 0;
      for (const [path, bytes] of pack) {
        const step = Math.max(1, Math.floor(bytes.length / 40));
        for (let i = 0; i < bytes.length; i += step) {
          const bad = Uint8Array.from(bytes);
          bad[i]! ^= 0x01;
          const code: PackErrorCode = path === MANIFEST_SIG_PATH ? 'PACK_MANIFEST_SIGNATURE' : 'PACK_FILE_DIGEST';
          assert.throws(
            () => verifyEvidencePack(withFile(pack, path, bad), [key.vkey]),
            isPack(code, path),
            `${path} byte ${i}`,
          );
          flips++;
        }
      }
      assert.ok(flips > 300, `${flips} flips`);
    });

    test('re-sealed packs with swapped content are caught past the manifest', () => {
      const strip = (files: Map<string, Uint8Array>) =>
        new Map([...files].filter(([p]) => p !== 'manifest.json' && p !== MANIFEST_SIG_PATH));
      const base = strip(pack);
      const decision = JSON.parse(Buffer.from(pack.get('decision.json')!).toString());
      const forged = sealPack(
        withFile(base, 'decision.json', canonicalJsonBytes({ ...decision, allow: true })),
        signer,
      );
      assert.throws(() => verifyEvidencePack(forged, [key.vkey]), isPack('PACK_CONTENT', 'decision.json'));
      const otherSbom = sealPack(
        withFile(base, 'evidence/sbom-1.json', cyclonedx([{ name: 'x', version: '1', purl: 'pkg:npm/x@1' }])),
        signer,
      );
      assert.throws(() => verifyEvidencePack(otherSbom, [key.vkey]), isPack('PACK_CONTENT', 'evidence/sbom-1.json'));
      const noEntries = sealPack(new Map([...base].filter(([p]) => !p.startsWith('ledger/entries/'))), signer);
      assert.throws(() => verifyEvidencePack(noEntries, [key.vkey]), isPack('PACK_FILE_MISSING'));
      assert.throws(() => verifyEvidencePack(pack, [generateNoteKey(ORIGIN).vkey]), isPack('PACK_MANIFEST_SIGNATURE'));
      assert.throws(
        () => verifyEvidencePack(pack, [key.vkey], { origin: 'mc.test/elsewhere' }),
        isPack('PACK_CHECKPOINT'),
      );
    });
  });
}
