// `mc ingest <image reference>` through the real CLI (run from src with tsx): pulls from Debian's
// docker-registry on loopback, prints the stored evidence as JSON; bad references, non-loopback
// --insecure and unknown tags end with exit 2 and the error shape.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cosignTag } from '../../src/oci/referrers-tag.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { repoRoot } from '../support/shared-data.js';
import { releaseKey } from '../trust/trust-workspace-fixture.js';
import { cosignSigManifest, cosignSign, cyclonedxSbom, push, pushImage, simpleSigningPayload } from './oci-fixtures.js';
import { registryBinary, startRegistry, type RunningRegistry } from './registry-fixture.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const ENV = {
  MC_HOME: '',
  MC_DATABASE_URL: '',
  MC_NOW: '2026-11-30T10:00:00Z',
  MC_TRUST_POLICY: '',
  DOCKER_CONFIG: '/nonexistent',
};

function mc(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mc ingest <image reference>', { skip: registryBinary.skip }, () => {
  let reg: RunningRegistry;
  let cwd: string;
  before(async () => {
    reg = await startRegistry();
    const client = new RegistryClient({ registry: reg.host, insecure: true });
    const D = await pushImage(client, 'acme/api', '1.4.2', 'cli image');
    const payload = simpleSigningPayload(`${reg.host}/acme/api`, D);
    const sig = cosignSigManifest(payload, cosignSign(releaseKey.privateKey, payload));
    await push(client, 'acme/api', sig.manifest, sig.blobs, cosignTag(D, 'sig'));
    await client.close();
    cwd = mkdtempSync(join(tmpdir(), 'mc-ingest-image-'));
    const init = mc(cwd, ['init', '--json']);
    assert.equal(init.code, 0, init.err);
  });
  after(async () => {
    await reg?.stop();
  });

  test('resolves the tag, pulls the cosign signature and stores it (--json)', () => {
    const r = mc(cwd, ['ingest', `${reg.host}/acme/api:1.4.2`, '--insecure', '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as {
      digest: string;
      referrersVia: string;
      ingested: Array<{ evidence: Array<{ kind: string; format: string }> }>;
    };
    assert.match(out.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(out.referrersVia, 'tag-schema');
    assert.deepEqual(
      out.ingested[0]?.evidence.map((e) => [e.kind, e.format]),
      [['signature', 'cosign-simple-signing']],
    );
    // What the local CLI pulled is recorded as cli:<os-user>, as a file ingest is.
    const db = new Database(join(cwd, '.mc', 'mc.db'), { readonly: true });
    const rows = db.prepare("select entry from ledger_entries where kind = 'ingest'").all() as Array<{ entry: Buffer }>;
    db.close();
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(JSON.parse(Buffer.from(row.entry).toString('utf8')).actor, /^cli:./);
    const text = mc(cwd, ['ingest', `${reg.host}/acme/api@${out.digest}`, '--insecure']);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^exists\s+signature\s+cosign-simple-signing/m);
  });

  test('files and --parent given beside an image reference attach to the resolved digest', () => {
    writeFileSync(join(cwd, 'sbom.json'), cyclonedxSbom('left-pad'));
    const parent = `sha256:${'7'.repeat(64)}`;
    const r = mc(cwd, [
      'ingest',
      `${reg.host}/acme/api:1.4.2`,
      '--insecure',
      '--sbom',
      'sbom.json',
      '--parent',
      parent,
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as {
      ingested: Array<{ parents?: string[]; evidence: Array<{ kind: string; label?: string }> }>;
    };
    assert.deepEqual(out.ingested[0]?.evidence.map((e) => e.kind).sort(), ['sbom', 'signature']);
    assert.equal(out.ingested[0]?.evidence.find((e) => e.kind === 'sbom')?.label, 'sbom.json');
    assert.deepEqual(out.ingested[0]?.parents, [parent]);
  });

  test('bad input ends with exit 2 and the error shape: unknown tag, --insecure off loopback, a malformed reference', () => {
    const cases: Array<[string[], string]> = [
      [['ingest', `${reg.host}/acme/api:nope`, '--insecure', '--json'], 'NOT_FOUND'],
      [['ingest', 'registry.example/acme/api:1.0', '--insecure', '--json'], 'INSECURE_NOT_LOOPBACK'],
      [['ingest', 'registry.example/Acme/API:1.0', '--json'], 'REFERENCE_INVALID'],
    ];
    for (const [args, code] of cases) {
      const r = mc(cwd, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(JSON.parse(r.out).error.code, code);
      assert.ok(typeof JSON.parse(r.out).error.message === 'string');
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });
});
