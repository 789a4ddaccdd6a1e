import { VersionError } from './version-scheme.js';

/** No real ecosystem version comes near this; longer input is refused before any regex runs. */
export const MAX_VERSION_LENGTH = 256;

// Printable ASCII only: versions in OSV records and SBOMs are attacker-controlled, and no
// ecosystem handled here allows whitespace, control characters or non-ASCII in a version.
const PRINTABLE = /^[\x21-\x7e]+$/;

/** Cheap guard run by every scheme before its own grammar: type, length, character set. */
export function checkVersionInput(version: unknown, ecosystem: string): string {
  if (typeof version !== 'string' || version.length === 0) {
    throw new VersionError('VERSION_UNPARSABLE', `${ecosystem}: empty or non-string version`);
  }
  if (version.length > MAX_VERSION_LENGTH) {
    throw new VersionError('VERSION_UNPARSABLE', `${ecosystem}: version longer than ${MAX_VERSION_LENGTH} characters`);
  }
  if (!PRINTABLE.test(version)) {
    throw new VersionError(
      'VERSION_UNPARSABLE',
      `${ecosystem}: version ${JSON.stringify(version)} has whitespace, control or non-ASCII characters`,
    );
  }
  return version;
}

export function unparsable(ecosystem: string, version: string, why: string): VersionError {
  return new VersionError(
    'VERSION_UNPARSABLE',
    `${ecosystem}: ${JSON.stringify(version)} is not a valid version (${why})`,
  );
}
