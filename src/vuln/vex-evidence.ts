import type { VexDocument } from '../domain/evidence.js';
import { DEFAULT_LIMITS, parseJson, type EvidenceBytes, type InputLimits } from '../evidence/evidence-input.js';
import { parseVex } from './vex-parser.js';

/** A parsed VEX document as evidence of kind `vex`. */
export interface VexEvidence {
  kind: 'vex';
  /** `openvex`, `cyclonedx-vex` */
  format: string;
  vex: VexDocument;
}

/**
 * Ingest of kind `vex`: OpenVEX or CycloneDX VEX, parsed and checked (src/vuln/vex-parser.ts)
 * before anything is stored; the normalized VexDocument is what the advisories provider applies.
 * The bytes are attacker-influenced (user supplied): size and UTF-8 are checked by parseJson.
 */
export function parseVexEvidence(bytes: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): VexEvidence {
  const vex = parseVex(parseJson(bytes, limits), 'vex');
  return { kind: 'vex', format: vex.format === 'openvex' ? 'openvex' : 'cyclonedx-vex', vex };
}

/** The stored fields of a parsed VEX document (see src/evidence/parse-evidence.ts). */
export function vexEvidenceFields({ format, vex }: VexEvidence): {
  format: string;
  mediaType: string;
  normalized: VexDocument;
  summary: string;
} {
  const mediaType = vex.format === 'openvex' ? 'application/openvex+json' : 'application/vnd.cyclonedx+json';
  return { format, mediaType, normalized: vex, summary: `${vex.statements.length} VEX statement(s)` };
}
