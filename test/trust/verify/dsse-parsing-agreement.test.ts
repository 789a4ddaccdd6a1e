// `mc ingest --provenance` (src/evidence) and the trust verifier read DSSE envelopes and in-toto
// statements with one parser and one base64 rule: the same bytes are accepted by both or refused by
// both, as a plain envelope and inside a Sigstore bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { EvidenceError } from '../../../src/evidence/evidence-error.js';
import { parseEvidence } from '../../../src/evidence/parse-evidence.js';
import { artifactFromBytes } from '../../../src/trust/verify/artifact-ref.js';
import { preAuthEncoding } from '../../../src/trust/verify/dsse-pae.js';
import { parseTrustEvidence } from '../../../src/trust/verify/trust-evidence.js';
import { VerificationError } from '../../../src/trust/verification-error.js';
import { verifyEvidence } from '../../../src/trust/verify/verify-evidence.js';
import { fixedP256Key, statementFor } from '../keyed-bundle-fixture.js';

const IN_TOTO = 'application/vnd.in-toto+json';
const { privateKey, pinned } = fixedP256Key('dsse-parsing-agreement');
const artifact = Buffer.from('the artifact both readers judge');
const PREDICATE = {
  buildDefinition: {
    buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
    externalParameters: { workflow: { repository: 'https://github.com/acme/app', ref: 'refs/tags/v1' } },
  },
  runDetails: {
    builder: {
      id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
    },
  },
};
const NOW = new Date('2026-11-22T10:00:00Z');
const TRUST = {
  trust: { roots: [], keys: [pinned] },
  requirements: { identities: [], tlogThreshold: 0, timestampThreshold: 0 },
};
/** Codes of a refused document (not of a failed signature check): the parse itself said no. */
const PARSE_CODES = new Set([
  'ENVELOPE_MALFORMED',
  'STATEMENT_MALFORMED',
  'PAYLOAD_TYPE_UNEXPECTED',
  'BUNDLE_MALFORMED',
]);

/**
 * A statement whose base64 has both `+` and `/` and needs padding, so every spelling below differs.
 * In text of ASCII bytes only a third byte of `>` or `~` encodes as `+`, of `?` as `/`: runs of three
 * put one of each in that place.
 */
function goodStatement(): Buffer {
  for (let i = 0; i < 10; i++) {
    const s = JSON.parse(statementFor(artifact, 'https://slsa.dev/provenance/v1', PREDICATE).toString()) as {
      subject: Array<{ name: string }>;
    };
    s.subject[0]!.name = `artifact-${'x'.repeat(i)}???>>>`;
    const bytes = Buffer.from(JSON.stringify(s));
    const b64 = bytes.toString('base64');
    if (b64.includes('+') && b64.includes('/') && b64.endsWith('=')) return bytes;
  }
  throw new Error('no statement spelled with + and / and padding');
}

/** A signature over PAE(type, payload) whose base64 is padded and has `+` or `/` (ECDSA is randomized: retry). */
function signature(payloadType: string, payload: Buffer): string {
  for (;;) {
    const sig = sign('sha256', preAuthEncoding(payloadType, payload), privateKey).toString('base64');
    if (sig.endsWith('=') && /[+/]/.test(sig)) return sig;
  }
}

type Envelope = { payloadType: string; payload: string; signatures: Array<Record<string, unknown>> } & Record<
  string,
  unknown
>;
const envelope = (payload: Buffer, payloadType = IN_TOTO): Envelope => ({
  payloadType,
  payload: payload.toString('base64'),
  signatures: [{ keyid: pinned.fingerprint, sig: signature(payloadType, payload) }],
});

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');
/** The same bytes, with the unused bits of the last character set: Node's decoder would not notice. */
function nonCanonical(b64: string): string {
  const body = b64.replace(/=+$/, '');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const last = alphabet.indexOf(body[body.length - 1]!);
  return `${body.slice(0, -1)}${alphabet[last | 1]}${b64.slice(body.length)}`;
}
/** The statement with a 0xFF byte inside the subject's name: valid JSON but for the encoding. */
function notUtf8(statement: Buffer): Buffer {
  const at = statement.indexOf('artifact-');
  return Buffer.concat([statement.subarray(0, at), Buffer.from([0xff]), statement.subarray(at)]);
}
const withSig = (env: Envelope, f: (sig: string) => string): Envelope => ({
  ...env,
  signatures: env.signatures.map((s) => ({ ...s, sig: f(String(s.sig)) })),
});

const good = envelope(goodStatement());
const CASES: Array<[string, Envelope, 'accept' | 'reject']> = [
  ['standard base64, padded', good, 'accept'],
  [
    'URL-safe base64 (DSSE allows either alphabet)',
    withSig({ ...good, payload: toUrlSafe(good.payload) }, toUrlSafe),
    'accept',
  ],
  [
    'unpadded base64',
    withSig({ ...good, payload: good.payload.replace(/=+$/, '') }, (s) => s.replace(/=+$/, '')),
    'accept',
  ],
  ['payload wrapped at 76 columns', { ...good, payload: good.payload.replace(/.{76}/g, '$&\n') }, 'accept'],
  [
    'unknown fields, an empty keyid',
    { ...good, extra: { any: 1 }, signatures: [{ ...good.signatures[0], keyid: '', note: 'x' }] },
    'accept',
  ],
  ['both alphabets in one text', { ...good, payload: good.payload.replace('+', '-') }, 'reject'],
  ['signature with non-zero unused bits', withSig(good, nonCanonical), 'reject'],
  ['payload with non-zero unused bits', { ...good, payload: nonCanonical(good.payload) }, 'reject'],
  [
    'a space inside the payload',
    { ...good, payload: `${good.payload.slice(0, 8)} ${good.payload.slice(8)}` },
    'reject',
  ],
  [
    'incomplete padding',
    { ...good, payload: good.payload.replace(/=$/, '').replace(/=$/, '') + (good.payload.endsWith('==') ? '=' : '==') },
    'reject',
  ],
  ['no signature', { ...good, signatures: [] }, 'reject'],
  ['payload that is not an in-toto statement', envelope(Buffer.from(JSON.stringify({ hello: 'world' }))), 'reject'],
  ['payload that is a JSON array', envelope(Buffer.from('[1, 2]')), 'reject'],
  ['payload that is not UTF-8', envelope(notUtf8(goodStatement())), 'reject'],
  ['another payload type', envelope(goodStatement(), 'text/plain'), 'reject'],
  [
    'subject digest in uppercase hex',
    envelope(
      Buffer.from(
        goodStatement()
          .toString()
          .replace(/"sha256":"([0-9a-f]+)"/, (_m, hex: string) => `"sha256":"${hex.toUpperCase()}"`),
      ),
    ),
    'reject',
  ],
  [
    'subject with an empty digest set',
    envelope(
      Buffer.from(JSON.stringify({ ...JSON.parse(goodStatement().toString()), subject: [{ name: 'a', digest: {} }] })),
    ),
    'reject',
  ],
];

const asBundle = (env: Envelope): Buffer =>
  Buffer.from(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: pinned.fingerprint }, tlogEntries: [] },
      dsseEnvelope: env,
    }),
  );

/** `reject` only when the parse refused the document; any other failure is reported as itself. */
function outcome(run: () => unknown, refused: (e: unknown) => boolean): string {
  try {
    run();
    return 'accept';
  } catch (e) {
    return refused(e) ? 'reject' : `failed otherwise (${String(e)})`;
  }
}

for (const [container, wrap] of [
  ['DSSE envelope', (e: Envelope) => Buffer.from(JSON.stringify(e))],
  ['Sigstore bundle', asBundle],
] as const) {
  test(`the same ${container} bytes: ingest and trust both accept or both refuse`, () => {
    const wrong: string[] = [];
    for (const [name, env, expected] of CASES) {
      const bytes = wrap(env);
      const ingest = outcome(
        () => parseEvidence('provenance', bytes),
        (e) => e instanceof EvidenceError,
      );
      const attestation = outcome(
        () => parseTrustEvidence('attestation', bytes),
        (e) => e instanceof VerificationError && PARSE_CODES.has(e.code),
      );
      const verified = outcome(
        () => verifyEvidence(bytes, 'attestation', TRUST, NOW, artifactFromBytes(artifact)),
        (e) => e instanceof VerificationError && PARSE_CODES.has(e.code),
      );
      if (ingest !== expected || attestation !== expected || verified !== expected)
        wrong.push(
          `${name}: expected ${expected}, ingest ${ingest}, attestation ingest ${attestation}, verify ${verified}`,
        );
    }
    assert.deepEqual(wrong, []);
  });
}
