import type { Waiver } from '../domain/waiver.js';
import { createHash } from 'node:crypto';
import { schemaValidator } from '../formats/json-schema.js';
import { isDigest } from '../domain/digest.js';
import type { Finding } from '../domain/evidence.js';
import { purlCovers, purlKey, purlProblem } from '../vuln/purl-selector.js';
import { formatDuration, parseDuration, POSITIVE_DURATION_PATTERN } from './duration.js';
import { PolicyError, type LintIssue } from './policy-error.js';
import type { YamlSource } from '../formats/yaml-source.js';
import { parsePolicyYaml } from './policy-yaml.js';

/** A time-boxed exception for a finding: by advisory id (or alias), digest and/or purl. */

/**
 * Single-line text: no control character (U+0000–U+001F, U+007F). PostgreSQL refuses U+0000 in
 * text, so without this rule one engine would fail where the other stores; `reason` may span lines.
 */
const SINGLE_LINE = '^[^\\u0000-\\u001f\\u007f]*$';
const MULTI_LINE = '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f]*$';

/**
 * The fields a waiver is made of wherever it comes from — waivers.yaml or an API/CLI request
 * (app/waiver-service.ts) — so the two schemas cannot drift. Both inputs are attacker-influenced;
 * a purl must also parse (purlProblem), which a JSON schema cannot say.
 */
export const WAIVER_FIELDS = {
  advisory: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' },
  digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
  purl: { type: 'string', pattern: '^pkg:[^\\u0000-\\u001f\\u007f]*$', maxLength: 1024 },
  owner: { type: 'string', minLength: 1, maxLength: 256, pattern: SINGLE_LINE },
  reason: { type: 'string', minLength: 1, maxLength: 4096, pattern: MULTI_LINE },
  /** `7d`, `48h`, …; more than zero (a `0d` waiver is expired when created), at most gates.yaml waivers.max_ttl. */
  ttl: { type: 'string', pattern: POSITIVE_DURATION_PATTERN },
} as const;

/** At least one selector: a waiver for everything is not a waiver. */
export const WAIVER_SELECTOR_REQUIRED = [
  { required: ['advisory'] },
  { required: ['digest'] },
  { required: ['purl'] },
] as const;

export const WAIVERS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'waivers'],
  properties: {
    version: { const: 1 },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['owner', 'reason', 'created', 'ttl'],
        anyOf: WAIVER_SELECTOR_REQUIRED,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 128, pattern: SINGLE_LINE },
          ...WAIVER_FIELDS,
          created: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/**
 * waivers.yaml is linted: every issue, with its value. `created` is read with `new Date`, so a
 * date-time here is RFC 3339 as JavaScript reads it (T, and Z or ±hh:mm), and a real instant.
 */
const waiversSchema = schemaValidator(WAIVERS_SCHEMA, {
  allErrors: true,
  formats: {
    'date-time': (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  },
});

export const DEFAULT_WAIVERS_YAML = `# Waivers: time-boxed exceptions for findings. Each needs an owner, a reason, when it was
# created and a ttl (at most gates.yaml waivers.max_ttl). Select by advisory (id or alias),
# digest and/or purl; all given selectors must match.
version: 1
waivers: []
#  - advisory: GHSA-xxxx-xxxx-xxxx
#    digest: sha256:...
#    owner: team-payments
#    reason: not reachable from our code paths; upgrade planned in PAY-123
#    created: 2026-11-20T09:00:00Z
#    ttl: 7d
`;

/** The hint for a schema error in waivers.yaml, when there is a useful one. */
function waiverHint(keyword: string, path: string): string | undefined {
  if (keyword === 'anyOf') return 'a waiver needs at least one of advisory, digest, purl';
  if (keyword === 'pattern' && path.endsWith('/ttl')) return 'a duration greater than zero like 7d, 48h or 90m';
  return undefined;
}

/**
 * Parses policy/waivers.yaml; every problem with line:column (lint), TTLs capped by maxTtl
 * (not checked when maxTtl is unknown: gates.yaml itself is broken). `unreadable`: the text is
 * not a YAML document we can read at all (its issues are in `issues`).
 */
export function lintWaiversText(
  text: string | Uint8Array,
  file: string,
  maxTtl: string | undefined,
): { issues: LintIssue[]; waivers: Waiver[]; unreadable?: PolicyError } {
  let source: YamlSource;
  try {
    source = parsePolicyYaml(text, file, 'WAIVERS_INVALID');
  } catch (e) {
    if (e instanceof PolicyError) return { issues: e.issues, waivers: [], unreadable: e };
    throw e;
  }
  const value = source.toJS() ?? { version: 1, waivers: [] };
  const schemaIssues = waiversSchema.issues(value);
  if (schemaIssues.length > 0) {
    const issues = schemaIssues.map((e): LintIssue => {
      const hint = waiverHint(e.keyword, e.path);
      const ttl = e.keyword === 'pattern' && e.path.endsWith('/ttl');
      return {
        file,
        ...source.position(e.path),
        severity: 'error',
        path: e.path,
        message: ttl
          ? `${e.path} ${JSON.stringify(e.data)} is not a duration greater than zero`
          : `${e.path || '/'} ${e.reason}${e.keyword === 'additionalProperties' ? `: "${e.key}"` : ''}`,
        ...(hint === undefined ? {} : { hint }),
      };
    });
    return { issues, waivers: [] };
  }
  const maxMs = maxTtl === undefined ? Infinity : parseDuration(maxTtl, 'waivers.max_ttl');
  const issues: LintIssue[] = [];
  const waivers: Waiver[] = [];
  for (const [i, w] of (value as { waivers: RawWaiver[] }).waivers.entries()) {
    const bad = w.purl === undefined ? undefined : purlProblem(w.purl);
    if (bad !== undefined) {
      issues.push({
        file,
        ...source.position(`/waivers/${i}/purl`),
        severity: 'error',
        path: `/waivers/${i}/purl`,
        message: `not a package URL: ${bad}`,
      });
      continue;
    }
    const ttlMs = parseDuration(w.ttl, `waivers[${i}].ttl`);
    if (ttlMs > maxMs) {
      issues.push({
        file,
        ...source.position(`/waivers/${i}/ttl`),
        severity: 'error',
        path: `/waivers/${i}/ttl`,
        message: `ttl ${w.ttl} exceeds waivers.max_ttl ${maxTtl}`,
        hint: `use at most ${formatDuration(maxMs)} and renew it when it ends`,
      });
      continue;
    }
    const created = new Date(w.created);
    waivers.push({
      id: w.id ?? waiverId(w),
      ...(w.advisory ? { advisory: w.advisory } : {}),
      ...(w.digest && isDigest(w.digest) ? { digest: w.digest } : {}),
      ...(w.purl ? { purl: w.purl } : {}),
      owner: w.owner,
      reason: w.reason,
      created: created.toISOString(),
      expires: new Date(created.getTime() + ttlMs).toISOString(),
      source: 'file',
    });
  }
  return { issues, waivers };
}

export function loadWaivers(text: string | Uint8Array, file: string, maxTtl: string): Waiver[] {
  const { issues, waivers, unreadable } = lintWaiversText(text, file, maxTtl);
  if (unreadable) throw unreadable;
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new PolicyError(
      'WAIVERS_INVALID',
      `${file}: ${errors.length} error(s); first: ${first.line}:${first.column} ${first.message}`,
      { issues, path: `${file}:${first.line}:${first.column}` },
    );
  }
  return waivers;
}

/** A waiver as written in waivers.yaml: a ttl instead of an expiry, the id optional. */
type RawWaiver = Omit<Waiver, 'id' | 'expires' | 'source'> & { id?: string; ttl: string };

function waiverId(w: RawWaiver): string {
  const h = createHash('sha256')
    .update(JSON.stringify([w.advisory, w.digest, w.purl, w.owner, w.created]))
    .digest('hex');
  return `w-${h.slice(0, 12)}`;
}

/** Whether every selector of the waiver matches this finding of this artifact (time not considered). */
export function waiverMatches(w: Waiver, finding: Finding, digest: string): boolean {
  if (w.digest !== undefined && w.digest !== digest) return false;
  if (w.advisory !== undefined) {
    const id = w.advisory.toUpperCase();
    if (finding.advisoryId.toUpperCase() !== id && !finding.aliases.some((a) => a.toUpperCase() === id)) return false;
  }
  if (w.purl !== undefined) {
    // The purl matcher VEX uses too: parsed, so `pkg:npm/@babel/core` covers `pkg:npm/%40babel/core@7.0.0`;
    // without a version it covers every version; qualifiers and subpath are ignored.
    const have = finding.package.purl;
    if (have === undefined || !purlCovers(purlKey(w.purl), purlKey(have))) return false;
  }
  return true;
}

export function isWaiverActive(w: Waiver, now: Date): boolean {
  return Date.parse(w.created) <= now.getTime() && now.getTime() < Date.parse(w.expires);
}
