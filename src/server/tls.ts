import { createHash, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { readInputFile } from '../app/input-file.js';
import { BaseError, InputError } from '../domain/errors.js';

export type TlsErrorCode = 'TLS_FILE_UNREADABLE' | 'TLS_MATERIAL_INVALID';

/** A certificate or key file mc serve cannot use: a configuration error at start (exit 2). */
export class TlsError extends BaseError<TlsErrorCode> {}

/** `mc serve --tls-cert F --tls-key F`: PEM files, the certificate chain leaf first. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** sha256 over both files' bytes: what a reload compares. */
  stamp: string;
  /** The leaf certificate, for messages: subject, expiry, fingerprint. */
  leaf: { subject: string; validTo: string; fingerprint256: string };
}

/** A PEM chain and key are a few KiB; a bound, so a wrong path (a device, a huge file) is refused. */
const MAX_PEM_BYTES = 1024 * 1024;

/**
 * Reads the certificate and key and checks that they form a usable pair (Node builds the secure
 * context: a key that does not match the certificate, an encrypted key or a file that is not
 * PEM fails here, not at the first handshake).
 */
export function readTlsMaterial(files: TlsFiles): TlsMaterial {
  const read = (file: string, what: string): Buffer => {
    try {
      return Buffer.from(readInputFile(file, MAX_PEM_BYTES, what));
    } catch (cause) {
      throw new TlsError('TLS_FILE_UNREADABLE', (cause as Error).message, { path: file, cause }, 'invalid');
    }
  };
  const cert = read(files.certFile, '--tls-cert');
  const key = read(files.keyFile, '--tls-key');
  let leaf: X509Certificate;
  try {
    createSecureContext({ cert, key });
    leaf = new X509Certificate(cert);
  } catch (cause) {
    throw new TlsError(
      'TLS_MATERIAL_INVALID',
      `--tls-cert ${files.certFile} and --tls-key ${files.keyFile} are not a usable PEM certificate and matching unencrypted key: ${(cause as Error).message}`,
      { path: files.certFile, cause },
      'invalid',
    );
  }
  const stamp = createHash('sha256').update(cert).update('\0').update(key).digest('hex');
  return {
    cert,
    key,
    stamp,
    leaf: { subject: leaf.subject.replace(/\n/g, ', '), validTo: leaf.validTo, fingerprint256: leaf.fingerprint256 },
  };
}

export type TlsReloadEvent =
  | { kind: 'reloaded'; material: TlsMaterial }
  /** The files changed but are not a usable pair (yet: a renewal that wrote the certificate before the key). */
  | { kind: 'rejected'; error: TlsError };

/** What the server must offer: Node's https.Server and tls.Server have it (no restart, existing connections kept). */
export interface SecureContextTarget {
  setSecureContext(options: SecureContextOptions): void;
}

/**
 * Re-reads the certificate and key and, when they changed and form a usable pair, gives the
 * server the new secure context: new handshakes use it, open connections keep theirs. A pair
 * that does not work keeps the old context in place (a half-written renewal must not take the
 * webhook down) and is reported once per content, then retried on the next check.
 *
 * Polling rather than fs.watch: cert-manager's Secret reaches the Pod through a volume that the
 * kubelet updates by swapping a `..data` symlink, which watchers on the files themselves miss.
 */
export class TlsReloader {
  private current: string;
  private reported = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: SecureContextTarget,
    private readonly files: TlsFiles,
    loaded: TlsMaterial,
    private readonly onEvent: (e: TlsReloadEvent) => void = () => {},
  ) {
    this.current = loaded.stamp;
  }

  check(): 'unchanged' | 'reloaded' | 'rejected' {
    let material: TlsMaterial;
    try {
      material = readTlsMaterial(this.files);
    } catch (e) {
      const error = e instanceof TlsError ? e : new TlsError('TLS_FILE_UNREADABLE', String(e), {}, 'invalid');
      if (this.reported !== error.message) this.onEvent({ kind: 'rejected', error });
      this.reported = error.message;
      return 'rejected';
    }
    this.reported = '';
    if (material.stamp === this.current) return 'unchanged';
    this.server.setSecureContext({ cert: material.cert, key: material.key });
    this.current = material.stamp;
    this.onEvent({ kind: 'reloaded', material });
    return 'reloaded';
  }

  /** Checks every `intervalMs` without keeping the process alive. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** What `mc serve` runs with when --tls-cert and --tls-key are given. */
export interface ServeTls {
  files: TlsFiles;
  material: TlsMaterial;
  /** How often the files are checked for a change (ms); 0: only on SIGHUP. */
  intervalMs: number;
}

/** The TLS flags of `mc serve`, read and checked before anything starts: both files or neither. */
export function serveTls(flags: {
  tlsCert?: string;
  tlsKey?: string;
  tlsReloadInterval?: string;
}): ServeTls | undefined {
  const { tlsCert, tlsKey } = flags;
  if (tlsCert === undefined && tlsKey === undefined) return undefined;
  if (tlsCert === undefined || tlsKey === undefined)
    throw new InputError('TLS_FLAGS_INCOMPLETE', '--tls-cert and --tls-key go together: give both files or neither', {
      path: tlsCert === undefined ? '--tls-cert' : '--tls-key',
    });
  const seconds = Number(flags.tlsReloadInterval ?? '10');
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    throw new InputError('BAD_NUMBER', '--tls-reload-interval must be a number of seconds from 0 to 86400', {
      path: '--tls-reload-interval',
    });
  const files = { certFile: tlsCert, keyFile: tlsKey };
  return { files, material: readTlsMaterial(files), intervalMs: Math.round(seconds * 1000) };
}

/** Starts the reloader on a listening HTTPS server: on its interval and on SIGHUP. `log` gets one line per change. */
export function startTlsReloader(server: unknown, tls: ServeTls, log: (line: string) => void): { stop(): void } {
  if (typeof (server as Partial<SecureContextTarget>).setSecureContext !== 'function')
    throw new Error('startTlsReloader: the server is not an HTTPS server');
  const reloader = new TlsReloader(server as SecureContextTarget, tls.files, tls.material, (e) =>
    log(
      e.kind === 'reloaded'
        ? `mc serve: TLS certificate reloaded: ${e.material.leaf.subject}, valid to ${e.material.leaf.validTo}, sha256 ${e.material.leaf.fingerprint256}\n`
        : `mc serve: TLS files changed but not reloaded, the previous certificate stays in use: ${e.error.code}: ${e.error.message}\n`,
    ),
  );
  if (tls.intervalMs > 0) reloader.start(tls.intervalMs);
  const onHup = () => reloader.check();
  process.on('SIGHUP', onHup);
  return {
    stop() {
      reloader.stop();
      process.off('SIGHUP', onHup);
    },
  };
}
