import { EvidenceError } from '../evidence-error.js';
import {
  DEFAULT_LIMITS,
  decodeText,
  parseJsonLines,
  parseJsonText,
  type EvidenceBytes,
  type InputLimits,
} from '../evidence-input.js';
import { dssePayload } from './dsse-envelope.js';
import {
  normalizeStatement,
  readStatement,
  statementFromPayload,
  type NormalizedProvenance,
} from './in-toto-statement.js';

export type ProvenanceContainer = 'statement' | 'dsse' | 'sigstore-bundle';

/**
 * One statement as found: its container and normalized provenance. Envelopes, bundles and signatures
 * stay in the stored bytes, which the trust verifier reads itself.
 */
export interface ProvenanceEntry {
  container: ProvenanceContainer;
  provenance: NormalizedProvenance;
}

export interface ParsedProvenance {
  /** e.g. `in-toto-v1+slsa-v1`, from the first statement. */
  format: string;
  entries: ProvenanceEntry[];
}

const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle';

/**
 * Provenance bytes → statements. Takes a bare in-toto Statement, a DSSE envelope or a Sigstore bundle
 * holding one, as one JSON document or as JSON Lines (`.intoto.jsonl`, one per line). Attacker-controlled.
 */
export function parseProvenance(bytes: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): ParsedProvenance {
  const text = decodeText(bytes, limits);
  let values: Array<{ value: unknown; where: string }>;
  try {
    values = [{ value: parseJsonText(text), where: '' }];
  } catch (e) {
    // Not one JSON document: JSON Lines only when the first line is a JSON value of its own. Otherwise
    // it is one broken document (pretty-printed, say), and its own error says where it broke.
    if (!(e instanceof EvidenceError) || e.code !== 'MALFORMED_JSON' || !firstLineIsJson(text)) throw e;
    values = parseJsonLines(text, limits).map(({ value, line }) => ({ value, where: `line ${line}` }));
  }
  const entries = values.flatMap(({ value, where }) =>
    isNpmAttestations(value) ? npmEntries(value, where) : [provenanceEntry(value, where)],
  );
  return { format: formatName(entries[0]!.provenance), entries };
}

/** Whether the first non-empty line parses alone (and is not the whole text, which failed already). */
function firstLineIsJson(text: string): boolean {
  const start = text.search(/\S/);
  const end = text.indexOf('\n', start);
  if (start < 0 || end < 0 || text.slice(end).trim() === '') return false;
  try {
    JSON.parse(text.slice(start, end));
    return true;
  } catch {
    return false;
  }
}

/** One JSON value: a Statement, a DSSE envelope, or a Sigstore bundle with a DSSE envelope. */
export function provenanceEntry(value: unknown, where = ''): ProvenanceEntry {
  const head = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  if (typeof head.mediaType === 'string' && head.mediaType.startsWith(SIGSTORE_BUNDLE)) {
    if (head.dsseEnvelope === undefined) {
      throw new EvidenceError('WRONG_FORMAT', 'the Sigstore bundle holds a message signature, not a DSSE attestation', {
        path: `${where}/dsseEnvelope`,
      });
    }
    return { container: 'sigstore-bundle', provenance: fromEnvelope(head.dsseEnvelope, `${where}/dsseEnvelope`) };
  }
  if ('payloadType' in head || 'payload' in head) return { container: 'dsse', provenance: fromEnvelope(value, where) };
  if ('_type' in head)
    return { container: 'statement', provenance: normalizeStatement(readStatement(value, where), where) };
  throw new EvidenceError('UNKNOWN_FORMAT', 'not an in-toto Statement, DSSE envelope or Sigstore bundle', {
    path: where || '/',
  });
}

interface NpmAttestations {
  attestations: Array<{ predicateType?: unknown; bundle?: unknown }>;
}

/** The npm registry's attestations document (`GET /-/npm/v1/attestations/<pkg>@<v>`): `{attestations: [{predicateType, bundle}]}`. */
function isNpmAttestations(value: unknown): value is NpmAttestations {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { attestations?: unknown }).attestations)
  );
}

/** Its SLSA provenance bundles; the npm publish attestation beside them is not provenance and is left to the trust verifier. */
function npmEntries(doc: NpmAttestations, where: string): ProvenanceEntry[] {
  const entries = doc.attestations.flatMap((a, i) =>
    typeof a?.predicateType === 'string' && a.predicateType.startsWith('https://slsa.dev/provenance/')
      ? [provenanceEntry(a.bundle, `${where}/attestations/${i}/bundle`)]
      : [],
  );
  if (entries.length === 0)
    throw new EvidenceError('UNSUPPORTED_PREDICATE', 'the npm attestations document holds no SLSA provenance', {
      path: `${where}/attestations`,
    });
  return entries;
}

function fromEnvelope(value: unknown, where: string): NormalizedProvenance {
  return normalizeStatement(statementFromPayload(dssePayload(value, where), where), `${where}/payload`);
}

function formatName(p: NormalizedProvenance): string {
  const statement = p.statementType.slice(p.statementType.lastIndexOf('/') + 1);
  const predicate = p.predicateType.slice('https://slsa.dev/provenance/'.length).replace('?draft', '-draft');
  return `in-toto-${statement}+slsa-${predicate}`;
}
