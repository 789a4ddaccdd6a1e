import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

/** openssl is what the tests make their CA and certificates with; absent outside CI, they skip and say so. */
export const OPENSSL_SKIP: string | false =
  spawnSync('openssl', ['version']).status === 0
    ? false
    : process.env.CI === 'true'
      ? (() => {
          throw new Error('openssl is required when CI=true');
        })()
      : 'skipped: openssl not found';

/** A test CA, as cert-manager's CA Issuer would be; `leaf()` issues a server certificate under it. */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'mc-tls-'));
  readonly certFile = join(this.dir, 'ca.crt');
  private n = 0;

  constructor() {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'], this.dir, [
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=mc test CA',
    ]);
  }

  get cert(): Buffer {
    return readFileSync(this.certFile);
  }

  /** A fresh key and a certificate for the Service name and 127.0.0.1, as the API server dials it. */
  leaf(): { cert: Buffer; key: Buffer } {
    const name = `leaf${++this.n}`;
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'], this.dir, [
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      '/CN=mc.mc.svc',
    ]);
    writeFileSync(join(this.dir, `${name}.ext`), 'subjectAltName=DNS:mc.mc.svc,DNS:localhost,IP:127.0.0.1\n');
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key'], this.dir, [
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    ]);
    return { cert: readFileSync(join(this.dir, `${name}.crt`)), key: readFileSync(join(this.dir, `${name}.key`)) };
  }
}

function openssl(args: string[], cwd: string, more: string[]): void {
  execFileSync('openssl', [...args, ...more], { cwd, stdio: 'pipe' });
}

export interface HttpsAnswer {
  status: number;
  body: string;
  /** sha256 fingerprint of the certificate the server presented. */
  fingerprint256: string;
}

/** One request over a new connection (a new handshake), trusting only `ca`, as the API server does with caBundle. */
export function httpsRequest(
  port: number,
  ca: Buffer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ca,
        servername: 'localhost',
        agent: false,
        method: init.method ?? 'GET',
        headers: init.headers,
      },
      (res) => {
        const fingerprint256 = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint256 }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
