import type { Sbom } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { DEFAULT_LIMITS, parseJson, tooDeep, type EvidenceBytes, type InputLimits } from '../evidence-input.js';
import { parseCycloneDx } from './cyclonedx-sbom.js';
import { parseSpdx } from './spdx-sbom.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

/** Which SBOM format a parsed JSON document claims to be, by its marker field; undefined if neither. */
function detectSbomFormat(doc: unknown): SbomFormat | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  if ('bomFormat' in doc) return 'cyclonedx';
  if ('spdxVersion' in doc) return 'spdx';
  return undefined;
}

/** A parsed JSON document → Sbom, by its own format marker. */
export function sbomFromJson(doc: unknown): Sbom {
  const format = detectSbomFormat(doc);
  try {
    if (format === 'cyclonedx') return parseCycloneDx(doc);
    if (format === 'spdx') return parseSpdx(doc);
  } catch (cause) {
    if (cause instanceof RangeError) throw tooDeep(cause); // nested components past the stack
    throw cause;
  }
  throw new EvidenceError(
    'UNKNOWN_FORMAT',
    'not an SBOM: neither bomFormat (CycloneDX) nor spdxVersion (SPDX) is present',
    { path: '/' },
  );
}

/** SBOM bytes (CycloneDX 1.4–1.7 JSON or SPDX 2.2–2.3 JSON) → Sbom. Attacker-controlled input. */
export function parseSbom(bytes: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): Sbom {
  return sbomFromJson(parseJson(bytes, limits));
}
