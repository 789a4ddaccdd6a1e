// Debian's docker-registry (distribution 2.8: no referrers API, so clients take the referrers tag
// schema) started on loopback with a temp config, plain or with htpasswd basic auth over TLS with a
// CA generated here (openssl), the htpasswd file bcrypted with bcryptjs as `htpasswd -B` would.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Agent, fetch } from 'undici';
import { freePort, requireBinary, waitFor } from '../support/services.js';

export const registryBinary = requireBinary('docker-registry');

export interface RunningRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  dir: string;
  caPem?: string;
  caFile?: string;
  stop(): Promise<void>;
}

export interface RegistryFixtureOptions {
  /** Basic auth over TLS: user and password written bcrypted to an htpasswd file. */
  basicAuth?: { username: string; password: string };
}

/** A CA and a server certificate for 127.0.0.1 signed by it (openssl). */
export function generateTls(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=mc test registry CA',
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(
    join(dir, 'san.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  ]);
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
}

export async function startRegistry(options: RegistryFixtureOptions = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let tls = '';
  let auth = '';
  let caPem: string | undefined;
  let caFile: string | undefined;
  if (options.basicAuth) {
    const t = generateTls(dir);
    caFile = t.caFile;
    caPem = readFileSync(t.caFile, 'utf8');
    tls = `  tls:\n    certificate: ${t.certFile}\n    key: ${t.keyFile}\n`;
    const hash = bcrypt.hashSync(options.basicAuth.password, 10);
    writeFileSync(join(dir, 'htpasswd'), `${options.basicAuth.username}:${hash}\n`);
    auth = `auth:\n  htpasswd:\n    realm: mc-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: ${host}
  secret: mc-test-secret
${tls}${auth}`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const scheme = options.basicAuth ? 'https' : 'http';
  const probe = new Agent(caPem ? { connect: { ca: caPem } } : {});
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr.slice(0, 500)}`);
        const res = await fetch(`${scheme}://${host}/v2/`, { dispatcher: probe });
        await res.body?.cancel();
        return res.status === 200 || res.status === 401 ? true : undefined;
      },
      `docker-registry on ${host}`,
      20_000,
    );
  } catch (e) {
    child.kill();
    throw e;
  } finally {
    await probe.close();
  }
  return {
    host,
    dir,
    ...(caPem ? { caPem } : {}),
    ...(caFile ? { caFile } : {}),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
