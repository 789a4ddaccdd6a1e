import { parseJson } from '../evidence/evidence-input.js';
import { parseVex } from '../vuln/vex-parser.js';

/**
 * Ingest of kind `vex`: OpenVEX or CycloneDX VEX, parsed and checked (src/vuln/vex-parser.ts)
 * before anything is stored; the normalized VexDocument is what the advisories provider applies.
 * The bytes are attacker-influenced (user supplied): size and UTF-8 are checked by parseJson.
 */
export function vexEvidenceRecord(bytes: Uint8Array): { format: string; mediaType: string; normalized: unknown; summary: string } {
  const doc = parseVex(parseJson(bytes), 'vex');
  const format = doc.format === 'openvex' ? 'openvex' : 'cyclonedx-vex';
  const mediaType = doc.format === 'openvex' ? 'application/openvex+json' : 'application/vnd.cyclonedx+json';
  return { format, mediaType, normalized: doc, summary: `${doc.statements.length} VEX statement(s)` };
}
