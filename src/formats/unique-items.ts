import type { Ajv } from 'ajv';

/**
 * `uniqueItems` in linear time. Ajv checks it with pairwise deep equality, O(n²): 1,000 CycloneDX
 * components cost ~100 ms, and an attacker's 100,000 would cost minutes. Here primitives go into a
 * Set as they are, objects by a canonical JSON with sorted keys (key order ignored, exactly
 * the equality JSON Schema means), so the answer is the same at O(total size).
 */
export const UNIQUE_ITEMS_KEYWORD = 'mcUniqueItems';

export function allUnique(items: readonly unknown[]): boolean {
  if (items.length < 2 || distinctByOneField(items)) return true;
  const seen = new Set<unknown>();
  for (const item of items) {
    const key =
      typeof item === 'object' && item !== null
        ? `o${canonicalKey(item)}`
        : typeof item === 'string'
          ? `s${item}`
          : item;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * Fast path, exact: objects that all hold pairwise distinct primitives under one key cannot be
 * equal (CycloneDX components by bom-ref, dependencies by ref, hashes by alg). Tries each key of the first item.
 */
function distinctByOneField(items: readonly unknown[]): boolean {
  const first = items[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return false;
  // A key that repeats breaks out at its first repeat, so trying every key stays cheap.
  for (const field of Object.keys(first)) {
    const values = new Set<unknown>();
    for (const item of items) {
      const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
      if (value === undefined || (typeof value === 'object' && value !== null) || values.has(value)) break;
      values.add(value);
    }
    if (values.size === items.length) return true;
  }
  return false;
}

/** Canonical JSON (sorted keys; RFC 8785 in spirit, numbers as JSON.stringify writes them): equal iff deep-equal. */
function canonicalKey(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalKey(obj[k])}`)
    .join(',')}}`;
}

/**
 * Large string `enum`s (the SPDX licence list: ~700 ids) as a Set lookup. Ajv compiles `enum` to a
 * sequential comparison per value, which dominated CycloneDX validation; the answer is the same.
 */
export const ENUM_SET_KEYWORD = 'mcEnumSet';
const ENUM_SET_MIN = 16;

export function addUniqueItemsKeyword(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: ENUM_SET_KEYWORD,
    schemaType: 'array',
    errors: false,
    compile: (values: string[]) => {
      const allowed = new Set(values);
      return (data: unknown) => typeof data === 'string' && allowed.has(data);
    },
  });
  ajv.addKeyword({
    keyword: UNIQUE_ITEMS_KEYWORD,
    type: 'array',
    schemaType: 'boolean',
    errors: false,
    validate: (enabled: boolean, data: unknown[]) => !enabled || allUnique(data),
  });
}

/** A deep copy of `schema` with every `uniqueItems` (and large string `enum`) replaced by our linear-time keywords. */
export function withLinearUniqueItems<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s: unknown) => withLinearUniqueItems(s)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `definitions` map names to schemas: a property *named* uniqueItems stays as it is.
    if (
      key === 'enum' &&
      Array.isArray(value) &&
      value.length >= ENUM_SET_MIN &&
      value.every((v) => typeof v === 'string')
    ) {
      out[ENUM_SET_KEYWORD] = value;
      continue;
    }
    out[key === 'uniqueItems' && typeof value === 'boolean' ? UNIQUE_ITEMS_KEYWORD : key] =
      withLinearUniqueItems(value);
  }
  return out as T;
}
