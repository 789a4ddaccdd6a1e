import { InputError } from './errors.js';

/** An OCI-style content digest. We key every artifact by its sha256. */
export type Digest = `sha256:${string}`;

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is Digest {
  return typeof value === 'string' && DIGEST_RE.test(value);
}

/** Parses a user-given digest; uppercase hex is rejected rather than normalised (digests are exact). */
export function parseDigest(value: unknown, field = 'digest'): Digest {
  if (isDigest(value)) return value;
  throw new InputError(
    'BAD_DIGEST',
    `${field} must be sha256:<64 lowercase hex>, got ${JSON.stringify(String(value)).slice(0, 90)}`,
    {
      path: field,
    },
  );
}
