import { Ajv, type ErrorObject, type Format, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { addUniqueItemsKeyword, withLinearUniqueItems } from './unique-items.js';

/**
 * The one JSON Schema helper: every schema in the project (our own, and the official CycloneDX
 * and SPDX ones) is compiled here, once and on first use, and a failure is reported the same way
 * everywhere: the JSON pointer of the failing field and why. Each caller turns an issue into its
 * own error (EvidenceError, PolicyError with file:line:column, VulnError, …).
 */

/** JSON Schema drafts in use: ours are draft-07; SPDX 2.3 is published as 2019-09, our OSV schema is 2020-12. */
export type SchemaDialect = 'draft-07' | 'draft-2019-09' | 'draft-2020-12';

/** Extra value formats a schema names: `standard` is ajv-formats' full set plus the draft-07 ones it lacks. */
export type SchemaFormats = 'standard' | Readonly<Record<string, Format>>;

export interface SchemaOptions {
  dialect?: SchemaDialect;
  /**
   * Every issue (policy lint shows them all, with the failing value), instead of stopping at the
   * first: a hostile document must not make us collect millions of errors.
   */
  allErrors?: boolean;
  formats?: SchemaFormats;
  /** Schemas this one refers to by `$ref`, by their `$id` (CycloneDX's SPDX licence list and JSF). */
  references?: () => ReadonlyArray<{ id: string; schema: object }>;
  /**
   * A schema published by another project: its `uniqueItems` and large string `enum`s become our
   * linear-time keywords (same answers, see unique-items.ts) and keywords Ajv would ignore anyway
   * are dropped, so that strict compilation accepts it.
   */
  foreign?: boolean;
}

/** One failing field. */
export interface SchemaIssue {
  /** JSON pointer (RFC 6901) of the failing value; '' is the document itself. */
  path: string;
  /** `additionalProperties`: the unknown key; `required`: the missing one. */
  key?: string;
  /** Why, in Ajv's words: `must be string`. */
  reason: string;
  /** Where and why, with the allowed values or the unknown key: `/mode must be equal to one of the allowed values ("off", "enforce")`. */
  message: string;
  /** The schema keyword that failed, its parameters and where in the schema it is: for callers that give hints. */
  keyword: string;
  params: Record<string, unknown>;
  schemaPath: string;
  /** The failing value (validators made with `allErrors`, whose issues are shown to a person). */
  data?: unknown;
}

export interface SchemaValidator<T = unknown> {
  /** Whether `value` is valid (no issue is built). */
  test(value: unknown): value is T;
  /** undefined when `value` is valid, else the first failing field. */
  firstIssue(value: unknown): SchemaIssue | undefined;
  /** Every failing field ([] when valid); all of them only for a validator made with `allErrors`. */
  issues(value: unknown): SchemaIssue[];
  /** Narrows `value`, or throws what `fail` makes of the first issue. */
  check(value: unknown, fail: (issue: SchemaIssue) => Error): asserts value is T;
}

/**
 * ajv-formats' full checks (date-time, uri, email, …: CycloneDX `invalid-metadata-timestamp-*`
 * needs them), and the draft-07 formats it does not implement: `iri-reference` and `idn-email`
 * admit all of Unicode and no maintained JS validator exists for them, so any string without
 * control characters is accepted rather than pretending to check them.
 */
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/u;
const STANDARD_FORMATS: Readonly<Record<string, Format>> = {
  ...fullFormats,
  iri: NO_CONTROL_CHARS,
  'iri-reference': NO_CONTROL_CHARS,
  'idn-email': NO_CONTROL_CHARS,
  'idn-hostname': NO_CONTROL_CHARS,
};

const OPTIONS: Options = {
  // Strict about the schemas (a misspelt keyword is a compile error, not a rule silently ignored),
  // but not about idioms both ours and the official schemas use: `required` under `anyOf`, `type`
  // unions beside `enum`, tuples without `minItems`.
  strict: true,
  strictRequired: false,
  strictTypes: false,
  strictTuples: false,
  // NaN and Infinity are not JSON; in policy YAML every integer field is bounded (which refuses
  // them), and gates.yaml keeps reading numbers as it did. Checking costs an isFinite per number of an SBOM.
  strictNumbers: false,
  validateFormats: true,
  // Every pattern in our schemas and in CycloneDX 1.4–1.7 / SPDX 2.3 is ASCII or a \u-escaped BMP
  // range, where the `u` flag changes nothing but V8's speed (checked: `grep '"pattern"'`).
  unicodeRegExp: false,
};

interface Instance {
  ajv: Ajv;
  /** Formats added so far, by name: `standard` or the caller's definition. */
  formats: Map<string, Format | 'standard'>;
  references: Set<string>;
}

/**
 * One Ajv instance per dialect and error mode (Ajv fixes both per instance): draft-07 for our
 * schemas and CycloneDX, the same with every error for policy lint, 2019-09 for SPDX, 2020-12 for
 * OSV. Made on first use.
 */
const instances = new Map<string, Instance>();

function instanceFor(dialect: SchemaDialect, allErrors: boolean): Instance {
  const key = `${dialect}/${allErrors ? 'all' : 'first'}`;
  let instance = instances.get(key);
  if (instance === undefined) {
    const options: Options = { ...OPTIONS, allErrors, verbose: allErrors };
    const ajv =
      dialect === 'draft-2019-09'
        ? (new Ajv2019(options) as unknown as Ajv)
        : dialect === 'draft-2020-12'
          ? (new Ajv2020(options) as unknown as Ajv)
          : new Ajv(options);
    // Annotation keyword of the CycloneDX schemas (descriptions of enum values).
    ajv.addVocabulary(['meta:enum']);
    addUniqueItemsKeyword(ajv);
    instance = { ajv, formats: new Map(), references: new Set() };
    instances.set(key, instance);
  }
  return instance;
}

/** Formats are per instance, and a name keeps one meaning there: two meanings are a programming error. */
function addFormats(instance: Instance, formats: SchemaFormats): void {
  const { ajv } = instance;
  const define = (name: string, format: Format | 'standard', add: () => void): void => {
    const known = instance.formats.get(name);
    if (known === format) return;
    if (known !== undefined) throw new Error(`two schemas define the format "${name}" differently`);
    add();
    instance.formats.set(name, format);
  };
  if (formats !== 'standard') {
    for (const [name, format] of Object.entries(formats)) define(name, format, () => ajv.addFormat(name, format));
    return;
  }
  for (const [name, format] of Object.entries(STANDARD_FORMATS))
    define(name, 'standard', () => ajv.addFormat(name, format));
}

/** `additionalItems` beside a single `items` schema is ignored by the draft; strict mode refuses it. */
function withoutIgnoredKeywords<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s: unknown) => withoutIgnoredKeywords(s)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const obj = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'additionalItems' && !Array.isArray(obj.items)) continue;
    out[key] = withoutIgnoredKeywords(value);
  }
  return out as T;
}

const prepare = <T>(schema: T, foreign: boolean): T =>
  foreign ? withLinearUniqueItems(withoutIgnoredKeywords(schema)) : schema;

/** `~` and `/` escaped for a JSON pointer segment (RFC 6901 §3). */
const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function toIssue(e: ErrorObject): SchemaIssue {
  const params = e.params as Record<string, unknown>;
  const key =
    e.keyword === 'additionalProperties'
      ? params.additionalProperty
      : e.keyword === 'required'
        ? params.missingProperty
        : undefined;
  const allowed = params.allowedValues as unknown[] | undefined;
  const detail = allowed
    ? ` (${allowed
        .map((v) => JSON.stringify(v))
        .join(', ')
        .slice(0, 200)})`
    : e.keyword === 'additionalProperties'
      ? ` (${JSON.stringify(key)})`
      : '';
  const reason = e.message ?? 'is invalid';
  const issue: SchemaIssue = {
    path: e.instancePath,
    reason,
    message: `${e.instancePath || '/'} ${reason}${detail}`,
    keyword: e.keyword,
    params,
    schemaPath: e.schemaPath,
  };
  if (typeof key === 'string') issue.key = key;
  if ('data' in e) issue.data = e.data;
  return issue;
}

/** The pointer to the failing key itself: an unknown key, or where a missing one belongs. */
export function keyPath(issue: SchemaIssue): string {
  return issue.key === undefined ? issue.path : `${issue.path}/${pointerSegment(issue.key)}`;
}

/**
 * A schema (or a function giving it, for large ones read on first use) → its validator, compiled
 * the first time it is used and reused after: every command imports the parsers, only one that
 * validates pays for compiling.
 */
export function schemaValidator<T = unknown>(
  schema: object | (() => object),
  options: SchemaOptions = {},
): SchemaValidator<T> {
  let compiled: ValidateFunction | undefined;
  const validate = (): ValidateFunction => {
    if (compiled !== undefined) return compiled;
    const instance = instanceFor(options.dialect ?? 'draft-07', options.allErrors === true);
    if (options.formats !== undefined) addFormats(instance, options.formats);
    for (const { id, schema: referenced } of options.references?.() ?? []) {
      if (instance.references.has(id)) continue;
      instance.ajv.addSchema({ ...prepare(referenced, options.foreign === true), $id: id });
      instance.references.add(id);
    }
    compiled = instance.ajv.compile(
      prepare(typeof schema === 'function' ? schema() : schema, options.foreign === true),
    );
    return compiled;
  };
  const issues = (value: unknown): SchemaIssue[] => {
    const v = validate();
    if (v(value)) return [];
    // An `if` keyword's own error only says its `then` failed; the failing field is reported before it.
    const errors = v.errors ?? [];
    const meaningful = errors.filter((e) => e.keyword !== 'if');
    if (errors.length === 0)
      return [
        {
          path: '',
          reason: 'does not match its schema',
          message: '/ does not match its schema',
          keyword: 'schema',
          params: {},
          schemaPath: '#',
        },
      ];
    return (meaningful.length > 0 ? meaningful : errors).map(toIssue);
  };
  return {
    test: (value): value is T => validate()(value) as boolean,
    firstIssue: (value) => issues(value)[0],
    issues,
    check(value, fail): asserts value is T {
      const first = issues(value)[0];
      if (first !== undefined) throw fail(first);
    },
  };
}
