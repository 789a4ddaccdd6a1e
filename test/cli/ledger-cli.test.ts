import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { parseVerifierKey } from '../../src/ledger/note-key.js';
import { parseConsistencyProofJson, parseInclusionProofJson } from '../../src/ledger/proof-json.js';
import { freePort, waitFor } from '../support/services.js';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const digest = `sha256:${'7'.repeat(64)}`;

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: '2026-11-22T10:00:00Z' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc init creates the note key; ledger checkpoint, proof, consistency, verify, key and attest rotation', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-ledger-cli-'));
  const init = mc(cwd, 'init', '--origin', 'mc.example/acme-prod', '--json');
  assert.equal(init.code, 0, init.err);
  const vkey = JSON.parse(init.out).ledger.vkey as string;
  assert.match(vkey, /^mc\.example\/acme-prod\+[0-9a-f]{8}\+/);
  assert.equal(statSync(join(cwd, '.mc', 'ledger.key')).mode & 0o777, 0o600);
  assert.equal(JSON.parse(mc(cwd, 'init', '--json').out).ledger.vkey, vkey, 'a second init keeps the key');

  writeFileSync(
    join(cwd, 'sbom.json'),
    cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]),
  );
  assert.equal(mc(cwd, 'ingest', digest, '--sbom', 'sbom.json').code, 0);
  assert.equal(mc(cwd, 'verify', digest, '--env', 'dev').code, 0);
  const cp = mc(cwd, 'ledger', 'checkpoint');
  assert.equal(cp.code, 0, cp.err);
  const { checkpoint } = openCheckpoint(cp.out, [parseVerifierKey(vkey)], { origin: 'mc.example/acme-prod' });
  assert.equal(checkpoint.size, 2);
  assert.equal(JSON.parse(mc(cwd, 'ledger', 'checkpoint', '--json').out).signed, false, 'no growth, no new checkpoint');

  const proof = mc(cwd, 'ledger', 'proof', '--index', '1', '--json');
  assert.equal(proof.code, 0, proof.err);
  assert.deepEqual(Object.keys(JSON.parse(proof.out)), ['leafIdx', 'treeSize', 'leafHash', 'proof', 'root']);
  const p = parseInclusionProofJson(JSON.parse(proof.out));
  verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, checkpoint.rootHash);

  const rot = mc(cwd, 'attest', 'rotation', '--subject', 'alice', '--items', 'prod/db-password,ci/npm-token', '--json');
  assert.equal(rot.code, 0, rot.err);
  assert.equal(JSON.parse(rot.out).leafIdx, 2);
  const secret = mc(cwd, 'attest', 'rotation', '--subject', 'alice', '--items', 'AKIAIOSFODNN7EXAMPLE');
  assert.equal(secret.code, 2);
  assert.match(secret.err, /SECRET_LIKE_VALUE/);
  assert.doesNotMatch(secret.err, /AKIAIOSFODNN7EXAMPLE/, 'the refused value is not echoed');
  assert.equal(JSON.parse(mc(cwd, 'ledger', 'checkpoint', '--json').out).treeSize, 3);

  const cons = mc(cwd, 'ledger', 'consistency', '--from', '2', '--to', '3', '--json');
  assert.deepEqual(Object.keys(JSON.parse(cons.out)), ['fromSize', 'toSize', 'proof', 'fromRoot', 'toRoot']);
  const c = parseConsistencyProofJson(JSON.parse(cons.out));
  verifyConsistency(c.fromSize, c.toSize, c.proof, checkpoint.rootHash, c.toRoot);

  const verify = mc(cwd, 'ledger', 'verify', '--json');
  assert.equal(verify.code, 0, verify.err);
  assert.equal(JSON.parse(verify.out).checkpoint.treeSize, 3);
  assert.equal(mc(cwd, 'ledger', 'key').out.trim(), vkey);

  // An auditor with only the public vkeys verifies; with no key at all verify will not vouch for the checkpoint.
  const keyFile = join(cwd, '.mc', 'ledger.key');
  const vkeysFile = join(cwd, '.mc', 'ledger.vkeys');
  renameSync(keyFile, `${keyFile}.away`);
  const audit = mc(cwd, 'ledger', 'verify', '--json');
  assert.equal(audit.code, 0, audit.err);
  assert.equal(JSON.parse(audit.out).checkpoint.treeSize, 3);
  renameSync(vkeysFile, `${vkeysFile}.away`);
  const blind = mc(cwd, 'ledger', 'verify', '--json');
  assert.equal(blind.code, 2, blind.err);
  assert.equal(JSON.parse(blind.out).error.code, 'KEY_FILE');
  renameSync(`${keyFile}.away`, keyFile);
  renameSync(`${vkeysFile}.away`, vkeysFile);

  for (const [args, code, pattern] of [
    [['ledger', 'proof', '--index', '3'], 2, /INDEX_OUT_OF_RANGE/],
    [['ledger', 'proof', '--index', 'abc'], 2, /BAD_NUMBER/],
    [['ledger', 'proof', '--index', '-1'], 2, /BAD_NUMBER/],
    [['ledger', 'proof', '--index', '0', '--tree-size', '9'], 2, /TREE_SIZE/],
    [['ledger', 'consistency', '--from', '3', '--to', '2'], 2, /TREE_SIZE/],
    [['ledger', 'consistency', '--from', '0'], 2, /TREE_SIZE/],
  ] as const) {
    const r = mc(cwd, ...args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /at .*\.(ts|js):\d+/, 'no stack trace');
  }

  // Evidence pack and offline verification with the vkey alone.
  const packed = mc(cwd, 'evidence', 'pack', digest, '--env', 'dev', '-o', 'release.tgz', '--json');
  assert.equal(packed.code, 0, packed.err);
  const offline = mc(cwd, 'evidence', 'verify-offline', 'release.tgz', '--vkey', vkey, '--json');
  assert.equal(offline.code, 0, offline.err);
  assert.equal(JSON.parse(offline.out).allow, true);
  const wrongKey = mc(
    cwd,
    'evidence',
    'verify-offline',
    'release.tgz',
    '--vkey',
    vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'),
  );
  assert.equal(wrongKey.code, 2, 'a malformed vkey is an input error');
  const tgz = readFileSync(join(cwd, 'release.tgz'));
  tgz[tgz.length >> 1]! ^= 0x01;
  writeFileSync(join(cwd, 'bad.tgz'), tgz);
  const bad = mc(cwd, 'evidence', 'verify-offline', 'bad.tgz', '--vkey', vkey);
  assert.equal(bad.code, 1, bad.err);
  assert.match(bad.err, /PACK_ARCHIVE_INVALID|PACK_FILE_DIGEST|PACK_MANIFEST/);
  assert.equal(mc(cwd, 'evidence', 'pack', digest, '--env', 'qa', '-o', 'x.tgz').code, 2, 'unknown environment');

  const db = new Database(join(cwd, '.mc', 'mc.db'));
  const entry = db.prepare('SELECT entry FROM ledger_entries WHERE idx = 1').pluck().get() as Buffer;
  entry[10]! ^= 0x01;
  db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = 1').run(entry);
  db.close();
  const tampered = mc(cwd, 'ledger', 'verify', '--json');
  assert.equal(tampered.code, 1);
  assert.equal(JSON.parse(tampered.out).error.path, 'entries/1');

  // Rotation: the old checkpoint still verifies with the retired vkey listed next to the new one.
  const rotated = mc(cwd, 'ledger', 'key', '--rotate', '--json');
  assert.equal(rotated.code, 0, rotated.err);
  const keys = JSON.parse(rotated.out) as { vkey: string; vkeys: string[] };
  assert.notEqual(keys.vkey, vkey);
  assert.deepEqual(keys.vkeys, [keys.vkey, vkey]);
  assert.ok(readFileSync(join(cwd, '.mc', 'ledger.vkeys'), 'utf8').includes(vkey));
  openCheckpoint(
    cp.out,
    keys.vkeys.map((k) => parseVerifierKey(k)),
  );
});

test('mc serve signs checkpoints on its schedule and serves them with proofs', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-ledger-serve-'));
  const vkey = JSON.parse(mc(cwd, 'init', '--origin', 'mc.example/serve', '--json').out).ledger.vkey as string;
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]));
  assert.equal(mc(cwd, 'ingest', digest, '--sbom', 'sbom.json').code, 0);
  const port = await freePort();
  const server = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), main, 'serve', '--port', String(port), '--checkpoint-interval', '1'],
    {
      cwd,
      env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '' },
      stdio: 'ignore',
    },
  );
  t.after(() => server.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const note = await waitFor(async () => {
    const r = await fetch(`${base}/v1/ledger/checkpoint`);
    return r.status === 200 ? r.text() : undefined;
  }, 'the first scheduled checkpoint');
  const { checkpoint } = openCheckpoint(note, [parseVerifierKey(vkey)], { origin: 'mc.example/serve' });
  assert.equal(checkpoint.size, 1);
  assert.equal(mc(cwd, 'verify', digest, '--env', 'dev').code, 0);
  const grown = await waitFor(async () => {
    const r = (await (await fetch(`${base}/v1/ledger/checkpoint?format=json`)).json()) as { treeSize: number };
    return r.treeSize === 2 ? r : undefined;
  }, 'a checkpoint after the tree grew');
  assert.equal(grown.treeSize, 2);
  const p = parseInclusionProofJson(await (await fetch(`${base}/v1/ledger/proof?index=1`)).json());
  const latest = openCheckpoint(await (await fetch(`${base}/v1/ledger/checkpoint`)).text(), [
    parseVerifierKey(vkey),
  ]).checkpoint;
  verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, latest.rootHash);
  assert.equal((await fetch(`${base}/v1/ledger/proof?index=2`)).status, 422);
});
