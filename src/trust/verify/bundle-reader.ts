import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  bundleFromJSON,
  type Bundle,
} from '@sigstore/bundle';
import { checkBundleEncoding } from './bundle-schema.js';
import { readJsonDocument } from './evidence-reading.js';
import { VerificationError } from '../verification-error.js';

export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/** The bundle versions we verify (sigstore protobuf-specs bundle v0.1–v0.3). */
export const SUPPORTED_BUNDLE_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
];

/** Decodes Sigstore bundle bytes (attacker-controlled); see decodeBundle. */
export function readBundle(bytes: Uint8Array): Bundle {
  return decodeBundle(readJsonDocument(bytes, MAX_BUNDLE_BYTES, 'BUNDLE_MALFORMED', 'bundle'));
}

/**
 * Decodes a Sigstore bundle already parsed from JSON (attacker-controlled). @sigstore/bundle
 * validates the shape but accepts any `version=N.N` media type, so the version is checked here
 * first; unknown versions fail closed with BUNDLE_UNSUPPORTED_VERSION rather than being read as the latest.
 */
export function decodeBundle(json: unknown): Bundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new VerificationError('BUNDLE_MALFORMED', 'bundle must be a JSON object', { path: '' });
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string')
    throw new VerificationError('BUNDLE_MALFORMED', 'bundle has no mediaType', { path: '/mediaType' });
  if (!SUPPORTED_BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    throw new VerificationError(
      'BUNDLE_UNSUPPORTED_VERSION',
      `unsupported bundle media type ${JSON.stringify(mediaType.slice(0, 120))}`,
      { path: '/mediaType' },
    );
  }
  checkBundleEncoding(json);
  try {
    return bundleFromJSON(json);
  } catch (e) {
    const fields = (e as { fields?: unknown }).fields;
    const path = Array.isArray(fields) && fields.length > 0 ? `/${String(fields[0]).replaceAll('.', '/')}` : '';
    throw new VerificationError(
      'BUNDLE_MALFORMED',
      `bundle does not match the Sigstore bundle schema: ${(e as Error).message}${Array.isArray(fields) ? ` (${fields.join(', ')})` : ''}`,
      { cause: e, path },
    );
  }
}
