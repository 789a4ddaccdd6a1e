import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyDsseEnvelope } from '../../src/trust/verify/dsse-verifier.js';
import { parsePinnedKey } from '../../src/trust/material/pinned-key.js';
import { repoRoot } from '../support/shared-data.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const skip = existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)';
const NOW = '2026-11-22T10:00:00Z';
const cleanEnv = {
  ...process.env,
  MC_HOME: '',
  MC_DATABASE_URL: '',
  MC_TRUST_POLICY: '',
  MC_WORKDIR: '',
  MC_PROMETHEUS_URL: '',
};

interface DemoOut {
  ok: boolean;
  digest: string;
  files: Record<string, string>;
  steps: Array<{ step: string; allow?: boolean }>;
}

function runDemo(): { dir: string; out: DemoOut } {
  const dir = join(mkdtempSync(join(tmpdir(), 'mc-demo-next-')), 'ws with space');
  const r = spawnSync(process.execPath, [bin, 'demo', '--dir', dir, '--json'], {
    encoding: 'utf8',
    env: { ...cleanEnv, MC_NOW: NOW },
  });
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(-2000));
  return { dir, out: JSON.parse(r.stdout) as DemoOut };
}

/** The fenced `sh` blocks of a markdown file, in order. */
function shBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/**
 * Runs shell lines as a person would, with `mc` the built CLI: each `mc …` line runs dist/cli/main.js
 * and its exit code and output are kept in order; any other failing line stops the script.
 */
function runBlock(
  lines: string,
  env: NodeJS.ProcessEnv,
): { status: number | null; stderr: string; runs: Array<{ code: number; out: string; err: string }> } {
  const out = mkdtempSync(join(tmpdir(), 'mc-next-out-'));
  const prelude =
    'set -e\nn=0\nmc() { n=$((n+1)); node "$T_BIN" "$@" >"$T_OUT/$n.out" 2>"$T_OUT/$n.err" && c=0 || c=$?; echo "$c" >>"$T_OUT/codes"; }\n';
  const r = spawnSync('sh', ['-c', prelude + lines], { encoding: 'utf8', env: { ...env, T_BIN: bin, T_OUT: out } });
  const codes = existsSync(join(out, 'codes'))
    ? readFileSync(join(out, 'codes'), 'utf8').trim().split('\n').map(Number)
    : [];
  const runs = codes.map((code, i) => ({
    code,
    out: readFileSync(join(out, `${i + 1}.out`), 'utf8'),
    err: readFileSync(join(out, `${i + 1}.err`), 'utf8'),
  }));
  return { status: r.status, stderr: r.stderr, runs };
}

/** The `mc` lines of a block with the exit code their `# exit N` comment promises (0 when none). */
function mcLines(block: string): Array<{ line: string; expected: number }> {
  return block
    .split('\n')
    .filter((l) => /^mc /.test(l))
    .map((line) => ({ line, expected: Number(/# exit (\d)/.exec(line)?.[1] ?? 0) }));
}

test('mc demo leaves its evidence, keys and waivers in the workspace; the private key is mode 0600 and matches the pinned public key', {
  skip,
}, () => {
  const { dir, out } = runDemo();
  for (const [name, rel] of Object.entries(out.files)) assert.ok(existsSync(join(dir, rel)), `${name}: ${rel} written`);
  for (const rel of [
    'release/sbom.cdx.json',
    'release/osv-scanner.json',
    'release/provenance.intoto.json',
    'release/provenance.dsse.json',
    'release/waivers.yaml',
    'SECURITY/demo-release-key.pem',
    'SECURITY/demo-release-key.pub.pem',
    'NEXT.md',
  ]) {
    assert.ok(Object.values(out.files).includes(rel), `${rel} listed in the JSON`);
  }
  assert.equal(statSync(join(dir, 'SECURITY/demo-release-key.pem')).mode & 0o777, 0o600);
  const pub = createPublicKey(readFileSync(join(dir, 'SECURITY/demo-release-key.pem')))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  assert.equal(pub, readFileSync(join(dir, 'SECURITY/demo-release-key.pub.pem'), 'utf8'));
  // The signed attestation on disk is the one that verifies against the pinned key.
  const key = parsePinnedKey(readFileSync(join(dir, 'SECURITY/demo-release-key.pub.pem')), 'demo-release-key');
  assert.equal(verifyDsseEnvelope(readFileSync(join(dir, 'release/provenance.dsse.json')), [key]).signers.length, 1);
  // The file-form waivers parse and name the demo's digest.
  assert.match(readFileSync(join(dir, 'release/waivers.yaml'), 'utf8'), new RegExp(`digest: ${out.digest}`));
});

test('the commands in NEXT.md re-run the demo by hand with the same outcomes: dev allow, prod deny, then prod allow', {
  skip,
}, (t) => {
  const { dir, out } = runDemo();
  const [steps, signing] = shBlocks(readFileSync(join(dir, 'NEXT.md'), 'utf8'));
  assert.ok(steps && signing, 'NEXT.md has the by-hand block and the signing block');

  const lines = mcLines(steps);
  const r = runBlock(steps, {
    ...process.env,
    MC_HOME: join(dir, 'not-this-one'),
    MC_DATABASE_URL: 'postgres://not-used',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.runs.length, lines.length, 'every mc line ran');
  for (const [i, { line, expected }] of lines.entries()) {
    assert.equal(r.runs[i]!.code, expected, `${line}\n${r.runs[i]!.err}${r.runs[i]!.out.slice(0, 2000)}`);
  }

  // The verify lines decide as the demo decided, in the same order.
  const demoOutcomes = out.steps.filter((s) => s.step.startsWith('verify-')).map((s) => s.allow);
  const handOutcomes = lines.flatMap((l, i) =>
    /^mc verify /.test(l.line) ? [r.runs[i]!.out.startsWith('ALLOW')] : [],
  );
  assert.deepEqual(demoOutcomes, [true, false, true]);
  assert.deepEqual(handOutcomes, demoOutcomes);

  // Same decisions, at the same (pinned) times, under the same policy hash, in the by-hand store.
  const show = (home: string) => {
    const s = spawnSync(process.execPath, [bin, 'show', out.digest, '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...cleanEnv, MC_HOME: home },
    });
    assert.equal(s.status, 0, s.stderr);
    const view = JSON.parse(s.stdout) as {
      evidence: unknown[];
      decisions: Array<{ env: string; allow: boolean; evaluatedAt: string; policyHash: string }>;
    };
    return {
      evidence: view.evidence.length,
      decisions: view.decisions.map((d) => JSON.stringify([d.env, d.allow, d.evaluatedAt, d.policyHash])).sort(),
    };
  };
  assert.deepEqual(show('.mc-by-hand'), show('.mc'));

  // The signing block (openssl only) makes an envelope the pinned key verifies, and prod still allows with it.
  if (spawnSync('sh', ['-c', 'command -v openssl']).status !== 0) {
    t.skip('the signing block was not run: openssl is not installed');
    return;
  }
  const signed = runBlock(
    `cd '${dir.replace(/'/g, `'\\''`)}'\nexport MC_HOME=.mc-by-hand MC_NOW=${NOW}\n${signing}`,
    cleanEnv,
  );
  assert.equal(signed.status, 0, signed.stderr);
  assert.deepEqual(
    signed.runs.map((x) => x.code),
    mcLines(signing).map((l) => l.expected),
    signed.runs.map((x) => x.err).join('\n'),
  );
  const key = parsePinnedKey(readFileSync(join(dir, 'SECURITY/demo-release-key.pub.pem')), 'demo-release-key');
  assert.equal(verifyDsseEnvelope(readFileSync(join(dir, 'release/my-provenance.dsse.json')), [key]).signers.length, 1);
});
