/**
 * Our JSON Schema (draft 2020-12) for OSV records, written after the official
 * `ossf/osv-schema` validation/schema.json (structure, required fields, the event oneOf, "events
 * must contain introduced", "last_affected and fixed are mutually exclusive", GIT ranges need a
 * repo and full hashes, id prefixes incl. private `x_`). Deliberate differences:
 * - any non-empty ecosystem string is accepted here, so the matcher can *report* unknown
 *   ecosystems instead of losing the record;
 * - CVSS vector syntax is checked when scoring (severity.ts) rather than by pattern;
 * - GIT event values are not held to the full-hash pattern: GIT ranges are never evaluated
 *   (only reported), and 7 real PYSEC records carry a `<hash>.patch` fixed event — rejecting the
 *   whole record would drop its ECOSYSTEM range, a false negative a verifier must not take;
 * - sizes are capped (hostile mirrors): ids, strings in versions/events, list lengths.
 */
const TIMESTAMP = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$',
} as const;
const SHORT = { type: 'string', maxLength: 1024 } as const;
const STRINGS = { type: 'array', items: SHORT, maxItems: 100_000 } as const;

const ID_PREFIX =
  '^(x_|(ASB-A|PUB-A|ALPINE|ALSA|ALBA|ALEA|AZL|BELL|BIT|CGA|CLEANSTART|CLSA|CURL|CVE|DEBIAN|DHI|DRUPAL|DSA|DLA|ELA|DTSA|ECHO|EEF|FreeBSD|GHSA|GO|GSD|HSEC|JLSEC|KUBE|LBSEC|LSN|MAL|MINI|MGASA|OESA|OSEC|OSV|openSUSE-SU|PHSA|PSF|PYSEC|RHBA|RHEA|RHSA|RLSA|RXSA|RSEC|ROOT|RUSTSEC|SUSE-[SRFO]U|UBUNTU|USN|V8)-)';

const event = (key: string) => ({
  type: 'object',
  properties: { [key]: SHORT },
  required: [key],
});
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

const SEVERITY = {
  type: ['array', 'null'],
  maxItems: 32,
  items: {
    type: 'object',
    properties: { type: { type: 'string', enum: ['CVSS_V2', 'CVSS_V3', 'CVSS_V4', 'Ubuntu'] }, score: SHORT },
    required: ['type', 'score'],
  },
} as const;

const RANGE = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['GIT', 'SEMVER', 'ECOSYSTEM'] },
    repo: { type: 'string' },
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 10_000,
      contains: { required: ['introduced'] },
      items: { type: 'object', oneOf: EVENT_KEYS.map((k) => event(k)) },
    },
    database_specific: { type: 'object' },
  },
  required: ['type', 'events'],
  allOf: [
    { if: { properties: { type: { const: 'GIT' } } }, then: { required: ['repo'] } },
    {
      if: { properties: { events: { contains: { required: ['last_affected'] } } } },
      then: { not: { properties: { events: { contains: { required: ['fixed'] } } } } },
    },
  ],
} as const;

export const OSV_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://maestro-conductor.dev/schemas/osv-record.json',
  type: 'object',
  properties: {
    schema_version: { type: 'string' },
    id: { type: 'string', maxLength: 256, pattern: ID_PREFIX },
    modified: TIMESTAMP,
    published: TIMESTAMP,
    withdrawn: TIMESTAMP,
    aliases: { type: ['array', 'null'], items: SHORT, maxItems: 1000 },
    related: { type: 'array', items: { type: 'string' } },
    upstream: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string' },
    details: { type: 'string' },
    severity: SEVERITY,
    affected: {
      type: ['array', 'null'],
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          package: {
            type: 'object',
            properties: {
              ecosystem: { type: 'string', minLength: 1, maxLength: 256 },
              name: { type: 'string', maxLength: 1024 },
              purl: { type: 'string' },
            },
            required: ['ecosystem', 'name'],
          },
          severity: SEVERITY,
          ranges: { type: 'array', items: RANGE, maxItems: 1000 },
          versions: STRINGS,
          ecosystem_specific: { type: 'object' },
          database_specific: { type: 'object' },
        },
      },
    },
    references: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: {
          type: {
            type: 'string',
            enum: [
              'ADVISORY',
              'ARTICLE',
              'DETECTION',
              'DISCUSSION',
              'REPORT',
              'FIX',
              'INTRODUCED',
              'GIT',
              'PACKAGE',
              'EVIDENCE',
              'WEB',
            ],
          },
          url: { type: 'string' },
        },
        required: ['type', 'url'],
      },
    },
    credits: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    database_specific: { type: 'object' },
  },
  required: ['id', 'modified'],
  // Record-level severity excludes per-package severity (OSV schema top-level allOf).
  allOf: [
    {
      if: { required: ['severity'] },
      then: { properties: { affected: { items: { properties: { severity: { type: 'null' } } } } } },
    },
  ],
} as const;
