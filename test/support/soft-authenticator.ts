import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator producing the real structures (WebAuthn L2 §6): CBOR
 * attestation objects ("none" format), authenticator data with the RP ID hash, flags and signature
 * counter, COSE_Key EC2/ES256 public keys (RFC 9053 §7.1.1) and ECDSA P-256 assertion signatures
 * over authenticatorData ‖ SHA-256(clientDataJSON). Its CBOR encoder is written here (RFC 8949
 * §3, deterministic map order of §4.2.1), independent of the library under test.
 */
export class SoftAuthenticator {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly credentialId = randomBytes(32);
  counter = 0;

  constructor(
    readonly origin = 'http://localhost:8080',
    readonly rpId = 'localhost',
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** navigator.credentials.create() for the server's creation options. */
  register(options: { challenge: string; rp?: { id?: string } }, opts: { userVerified?: boolean } = {}) {
    const clientDataJSON = this.clientData('webauthn.create', options.challenge);
    const jwk = this.publicKey.export({ format: 'jwk' });
    const cose = cborMap([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cose]);
    const authData = this.authData(0x40 | this.flags(opts.userVerified), attested);
    const attestationObject = cborMap([
      ['fmt', 'none'],
      ['attStmt', { map: [] }],
      ['authData', authData],
    ]);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal' as const],
      },
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get() for the server's request options. */
  assert(
    options: { challenge: string },
    opts: { userVerified?: boolean; counter?: number; origin?: string; tamper?: boolean } = {},
  ) {
    this.counter = opts.counter ?? this.counter + 1;
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, opts.origin);
    const authData = this.authData(this.flags(opts.userVerified));
    const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    const signature = sign('sha256', signed, this.privateKey);
    if (opts.tamper) signature[signature.length - 1]! ^= 1;
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
      clientExtensionResults: {},
    };
  }

  private flags(userVerified = true): number {
    return 0x01 | (userVerified ? 0x04 : 0); // UP, and UV unless told otherwise
  }

  private authData(flags: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    const rpIdHash = createHash('sha256').update(this.rpId).digest();
    return Buffer.concat([rpIdHash, Buffer.from([flags]), counter, attested]);
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }
}

type CborValue = number | string | Buffer | { map: Array<[number | string, CborValue]> };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

function cbor(v: CborValue): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  const encoded = v.map.map(([k, x]) => [cbor(k), cbor(x)] as const);
  // Deterministic order (RFC 8949 §4.2.1): bytewise lexicographic order of the encoded keys.
  encoded.sort((a, b) => Buffer.compare(a[0], b[0]));
  return Buffer.concat([head(5, v.map.length), ...encoded.flat()]);
}

function cborMap(entries: Array<[number | string, CborValue]>): Buffer {
  return cbor({ map: entries });
}
