import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/domain/errors.js';
import { buildApp } from '../../src/server/app.js';
import { readTlsMaterial, serveTls, TlsError, TlsReloader, type SecureContextTarget } from '../../src/server/tls.js';
import { ENGINES } from '../support/engines.js';
import { podReview } from '../delivery/admission-reviews.js';
import { ADMISSION_TOKEN, ALLOWED, startAdmissionApp, type AdmissionApp } from './admission-app.js';
import { httpsRequest, OPENSSL_SKIP, TestCa } from './tls-certs.js';

const fingerprint = (pem: Buffer) => new X509Certificate(pem).fingerprint256;
const tlsError = (code: string) => (e: unknown) => e instanceof TlsError && e.code === code && e.kind === 'invalid';

describe('mc serve over TLS', { skip: OPENSSL_SKIP }, () => {
  let ca: TestCa;
  let files: { certFile: string; keyFile: string };
  const write = (pair: { cert: Buffer; key: Buffer }) => {
    writeFileSync(files.certFile, pair.cert);
    writeFileSync(files.keyFile, pair.key);
  };
  let t: AdmissionApp;
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    ca = new TestCa();
    files = { certFile: join(ca.dir, 'tls.crt'), keyFile: join(ca.dir, 'tls.key') };
    write(ca.leaf());
    t = await startAdmissionApp(ENGINES[0]!);
    const material = readTlsMaterial(files);
    ({ app } = buildApp({
      services: t.installation,
      apiTokens: [],
      admissionTokens: [ADMISSION_TOKEN],
      bodyLimitBytes: 1 << 20,
      https: { cert: material.cert, key: material.key },
    }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app?.close();
    await t?.close();
  });

  test('the API server, trusting only the CA (caBundle), gets its AdmissionReview answered over HTTPS', async () => {
    const r = await httpsRequest(port, ca.cert, '/v1/admission/validate?env=prod', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMISSION_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(podReview({ containers: [{ name: 'api', image: `api@${ALLOWED}` }] })),
    });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).response.allowed, true);
  });

  test('a renewed pair is served to new connections without a restart; a half-written one keeps the old pair', async () => {
    const server = app.server as unknown as SecureContextTarget;
    const first = readTlsMaterial(files);
    const events: string[] = [];
    const reloader = new TlsReloader(server, files, first, (e) => events.push(e.kind));
    assert.equal(reloader.check(), 'unchanged');
    assert.equal((await httpsRequest(port, ca.cert, '/healthz')).fingerprint256, first.leaf.fingerprint256);

    const renewed = ca.leaf();
    write(renewed);
    assert.equal(reloader.check(), 'reloaded');
    const served = await httpsRequest(port, ca.cert, '/healthz');
    assert.equal(served.status, 200);
    assert.equal(served.fingerprint256, fingerprint(renewed.cert), 'the renewed certificate');

    // cert-manager writes the Secret at once; a copy by hand may land the certificate before its key.
    const next = ca.leaf();
    writeFileSync(files.certFile, next.cert);
    assert.equal(reloader.check(), 'rejected');
    assert.equal(reloader.check(), 'rejected');
    assert.equal((await httpsRequest(port, ca.cert, '/healthz')).fingerprint256, fingerprint(renewed.cert), 'kept');
    writeFileSync(files.keyFile, next.key);
    assert.equal(reloader.check(), 'reloaded');
    assert.equal((await httpsRequest(port, ca.cert, '/healthz')).fingerprint256, fingerprint(next.cert));
    assert.deepEqual(
      events,
      ['reloaded', 'rejected', 'reloaded'],
      'a rejected pair is reported once, not on every check',
    );
  });

  test('unusable TLS files are a TlsError naming the problem (exit 2 at start)', () => {
    const other = ca.leaf();
    const bad = (name: string, text: string | Buffer) => {
      const f = join(ca.dir, name);
      writeFileSync(f, text);
      return f;
    };
    assert.throws(
      () => readTlsMaterial({ ...files, certFile: join(ca.dir, 'absent.crt') }),
      tlsError('TLS_FILE_UNREADABLE'),
    );
    assert.throws(
      () => readTlsMaterial({ ...files, certFile: bad('junk.crt', 'not pem') }),
      tlsError('TLS_MATERIAL_INVALID'),
    );
    assert.throws(
      () => readTlsMaterial({ ...files, keyFile: bad('other.key', other.key) }),
      tlsError('TLS_MATERIAL_INVALID'),
    );
  });

  test('--tls-cert and --tls-key go together; the reload interval is a number of seconds', () => {
    const isInput = (code: string) => (e: unknown) => e instanceof InputError && e.code === code;
    assert.equal(serveTls({}), undefined);
    assert.throws(() => serveTls({ tlsCert: files.certFile }), isInput('TLS_FLAGS_INCOMPLETE'));
    assert.throws(() => serveTls({ tlsKey: files.keyFile }), isInput('TLS_FLAGS_INCOMPLETE'));
    assert.throws(
      () => serveTls({ tlsCert: files.certFile, tlsKey: files.keyFile, tlsReloadInterval: 'x' }),
      isInput('BAD_NUMBER'),
    );
    assert.equal(
      serveTls({ tlsCert: files.certFile, tlsKey: files.keyFile, tlsReloadInterval: '2.5' })?.intervalMs,
      2500,
    );
  });
});
