import { HashAlgorithm } from '@sigstore/protobuf-specs';

/**
 * Sigstore message-digest algorithms (protobuf-specs HashAlgorithm) by their in-toto digest-set
 * names. Anything else is unsupported: callers fail closed rather than assume SHA-256.
 */
const HASH_NAMES: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

export function hashName(algorithm: HashAlgorithm): string | undefined {
  return HASH_NAMES[algorithm];
}
