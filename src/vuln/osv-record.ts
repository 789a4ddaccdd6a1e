import { schemaValidator, type SchemaValidator } from '../formats/json-schema.js';
import { VulnError } from './vuln-error.js';
import { OSV_SCHEMA } from './osv-schema.js';

/**
 * The OSV record model (OSV schema, https://ossf.github.io/osv-schema/). Only the fields the
 * matcher, severity and reports use are typed; everything else is kept verbatim in `raw`.
 * Records come from mirrors and archives: attacker-controlled until `parseOsvRecord` accepts them.
 */
export type OsvRangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT';

/** Exactly one key per event (OSV schema `events[]` oneOf). */
export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export interface OsvRange {
  type: OsvRangeType;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string; // CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu | …
  score: string;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvRecord {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[] | null;
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[] | null;
  database_specific?: Record<string, unknown>;
}

export function eventKind(e: OsvEvent): 'introduced' | 'fixed' | 'last_affected' | 'limit' {
  if ('introduced' in e) return 'introduced';
  if ('fixed' in e) return 'fixed';
  if ('last_affected' in e) return 'last_affected';
  return 'limit';
}

export function eventValue(e: OsvEvent): string {
  if ('introduced' in e) return e.introduced;
  if ('fixed' in e) return e.fixed;
  if ('last_affected' in e) return e.last_affected;
  return e.limit;
}

/** A record is withdrawn once its `withdrawn` time is at or before `now` (OSV schema §withdrawn). */
export function isWithdrawn(record: OsvRecord, now: Date): boolean {
  if (record.withdrawn === undefined) return false;
  const t = Date.parse(record.withdrawn);
  return Number.isNaN(t) || t <= now.getTime();
}

const recordSchema: SchemaValidator<OsvRecord> = schemaValidator(OSV_SCHEMA, { dialect: 'draft-2020-12' });

/** Largest record text we parse (the biggest real OSV records are a few hundred KB). */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/**
 * Checks an already-parsed JSON value against our OSV schema; fails closed with the JSON
 * pointer of the offending field. The value is attacker-controlled (a mirror, an archive).
 */
export function parseOsvRecord(value: unknown, where = ''): OsvRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new VulnError('OSV_MALFORMED', `${where}: an OSV record must be a JSON object`, { path: where || '/' });
  recordSchema.check(value, (e) => new VulnError('OSV_INVALID', `${where}: ${e.message}`, { path: e.path || '/' }));
  return value;
}

/** Parses record text (JSON); bad JSON and oversized text get typed errors, never a crash. */
export function parseOsvRecordText(text: string, where = ''): OsvRecord {
  if (text.length > MAX_RECORD_BYTES)
    throw new VulnError('OSV_TOO_LARGE', `${where}: record larger than ${MAX_RECORD_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new VulnError('OSV_MALFORMED', `${where}: not JSON (${(e as Error).message.slice(0, 100)})`, { cause: e });
  }
  return parseOsvRecord(value, where);
}
