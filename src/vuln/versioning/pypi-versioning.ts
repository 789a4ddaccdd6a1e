import { parse as pep440Parse } from '@renovatebot/pep440';
import { defineScheme } from './define-scheme.js';
import { comparePep440Keys, pep440Key, type Pep440Key } from './pep440-key.js';
import { compareLegacy, legacyKey, type LegacyKey } from './pypi-legacy-version.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * PyPI: PEP 440 (https://peps.python.org/pep-0440/, "Version scheme" and "Summary of
 * permitted suffixes and relative ordering") via @renovatebot/pep440, a port of Python's
 * `packaging.version`. Versions that are not PEP 440 fall back to packaging's LegacyVersion
 * order (see pypi-legacy-version.ts): PyPI hosts such releases and OSV lists them.
 */
type PypiVersion =
  | { readonly pep440: Pep440Key; readonly legacy?: undefined }
  | { readonly pep440?: undefined; readonly legacy: LegacyKey };

// A legacy version is any string setuptools would order; still, only characters seen in real
// releases are taken (no '/', quotes, ';', '<', '=' …), so specifiers never pass as versions.
const LEGACY = /^[A-Za-z0-9._+!:~-]+$/;

function parsePypi(version: string): PypiVersion {
  checkVersionInput(version, 'PyPI');
  const parsed = pep440Parse(version);
  if (parsed !== null) return { pep440: pep440Key(parsed) };
  if (!LEGACY.test(version)) throw unparsable('PyPI', version, 'neither PEP 440 nor a legacy version');
  return { legacy: legacyKey(version) };
}

function comparePypi(a: PypiVersion, b: PypiVersion): number {
  if (a.pep440 !== undefined && b.pep440 !== undefined) return comparePep440Keys(a.pep440, b.pep440);
  if (a.legacy !== undefined && b.legacy !== undefined) return compareLegacy(a.legacy, b.legacy);
  // LegacyVersion's key has epoch -1: below every PEP 440 version.
  return a.legacy !== undefined ? -1 : 1;
}

export const pypiVersioning = defineScheme<PypiVersion>({
  ecosystems: ['PyPI'],
  parse: parsePypi,
  compare: comparePypi,
});
