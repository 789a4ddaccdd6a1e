// docker-registry with htpasswd basic auth over TLS with a CA generated for the test: the client
// trusts the CA it is given, answers the Basic challenge with the user's credentials (directly, from
// a Docker config's auths, or from a docker-credential-<name> helper), and refuses without them.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RegistryError } from '../../src/oci/registry-error.js';
import { dockerConfigCredentials, runCredentialHelper } from '../../src/registry/docker-credentials.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { pushImage } from './oci-fixtures.js';
import { registryBinary, startRegistry, type RunningRegistry } from './registry-fixture.js';

const USER = { username: 'ci-bot', password: 'correct horse battery staple' };
const isCode = (code: string) => (e: unknown) => e instanceof RegistryError && e.code === code;

describe('OCI client against docker-registry with htpasswd basic auth over TLS', { skip: registryBinary.skip }, () => {
  let reg: RunningRegistry;
  const tmp = mkdtempSync(join(tmpdir(), 'mc-docker-config-'));
  before(async () => {
    reg = await startRegistry({ basicAuth: USER });
  });
  after(async () => {
    await reg?.stop();
  });
  const open = (options: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
    new RegistryClient({ registry: reg.host, caPem: reg.caPem!, maxRetries: 0, ...options });

  test('with the CA and the credentials: push and pull over TLS', async () => {
    const client = open({ credentials: async () => USER });
    try {
      const digest = await pushImage(client, 'acme/secure', '1.0.0');
      assert.equal((await client.resolve('acme/secure', '1.0.0')).digest, digest);
    } finally {
      await client.close();
    }
  });

  test('without credentials: UNAUTHORIZED naming the reference; a wrong password too', async () => {
    const anon = open();
    await assert.rejects(anon.resolve('acme/secure', '1.0.0'), (e) => {
      assert.ok(isCode('UNAUTHORIZED')(e));
      assert.equal((e as RegistryError).kind, 'unauthenticated');
      assert.match((e as Error).message, new RegExp(`${reg.host}/acme/secure:1.0.0`));
      return true;
    });
    await anon.close();
    const wrong = open({ credentials: async () => ({ username: USER.username, password: 'nope' }) });
    await assert.rejects(wrong.resolve('acme/secure', '1.0.0'), isCode('UNAUTHORIZED'));
    await wrong.close();
  });

  test('without the CA the TLS handshake fails: REGISTRY_UNAVAILABLE, never plain HTTP', async () => {
    const client = new RegistryClient({ registry: reg.host, maxRetries: 0, credentials: async () => USER });
    await assert.rejects(client.resolve('acme/secure', '1.0.0'), isCode('REGISTRY_UNAVAILABLE'));
    await client.close();
  });

  test('credentials from a Docker config: auths (base64 user:password)', async () => {
    const file = join(tmp, 'auths.json');
    const auth = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');
    writeFileSync(file, JSON.stringify({ auths: { [reg.host]: { auth } } }));
    const client = open({ credentials: dockerConfigCredentials(file) });
    await pushImage(client, 'acme/from-config', 'x');
    await client.close();
  });

  test('credentials from a Docker config: credHelpers runs docker-credential-<name> get with the host on stdin', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'mc-cred-helper-'));
    const helper = join(bin, 'docker-credential-mctest');
    // The helper answers only for the registry it is asked about, as real helpers do.
    writeFileSync(
      helper,
      `#!/bin/sh\nread host\n[ "$1" = get ] && [ "$host" = "${reg.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"ServerURL":"${reg.host}","Username":"${USER.username}","Secret":"${USER.password}"}'\n`,
    );
    chmodSync(helper, 0o755);
    const file = join(tmp, 'helpers.json');
    writeFileSync(file, JSON.stringify({ credHelpers: { [reg.host]: 'mctest' } }));
    const withPath = (h: string, r: string) => {
      const old = process.env.PATH;
      process.env.PATH = `${bin}:${old}`;
      return runCredentialHelper(h, r).finally(() => {
        process.env.PATH = old;
      });
    };
    const client = open({ credentials: dockerConfigCredentials(file, withPath) });
    await pushImage(client, 'acme/from-helper', 'x');
    await client.close();
    // A store that does not know the host: anonymous, so the registry's 401 stands.
    writeFileSync(file, JSON.stringify({ credsStore: 'mctest' }));
    assert.equal(await dockerConfigCredentials(file, withPath)('127.0.0.2:1'), undefined);
  });

  test('a malformed Docker config is an error, not anonymous access', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '{not json');
    await assert.rejects(dockerConfigCredentials(file)(reg.host), isCode('CREDENTIALS_UNAVAILABLE'));
  });
});

test('Docker config auths filed under a URL (https://host/v2/) are found by host; other hosts get nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-docker-config-'));
  const file = join(dir, 'config.json');
  const auth = Buffer.from('bot:s3cret').toString('base64');
  writeFileSync(
    file,
    JSON.stringify({
      auths: {
        'https://registry.example:5000/v2/': { auth },
        'https://index.docker.io/v1/': { username: 'hub', password: 'pw' },
      },
    }),
  );
  const creds = dockerConfigCredentials(file, async () => assert.fail('no helper is configured'));
  assert.deepEqual(await creds('registry.example:5000'), { username: 'bot', password: 's3cret' });
  assert.deepEqual(await creds('docker.io'), { username: 'hub', password: 'pw' });
  assert.equal(await creds('registry.example'), undefined);
  assert.equal(await creds('other.example:5000'), undefined);
});
