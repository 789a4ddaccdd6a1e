import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, unknown>;

/**
 * A validator for one kind of custom resource from its CustomResourceDefinition's
 * openAPIV3Schema (the served, stored version), with the API server's structural-schema rules
 * that plain JSON Schema lacks:
 * - a field the schema does not declare is an error (the API server prunes it silently, and
 *   `kubectl apply` with its default strict field validation refuses it), except under
 *   `x-kubernetes-preserve-unknown-fields: true` or where `additionalProperties` is given;
 * - `x-kubernetes-int-or-string: true` takes an integer or a string.
 * Formats are not checked (the API server checks only its own few); CEL rules
 * (`x-kubernetes-validations`) are not evaluated.
 */
export function crdValidator(crdFile: string, kind: string): { version: string; validate: ValidateFunction } {
  const crds = parseAllDocuments(readFileSync(crdFile, 'utf8')).map((d) => d.toJS());
  const crd = crds.find((c) => c?.kind === 'CustomResourceDefinition' && c.spec?.names?.kind === kind);
  if (!crd) throw new Error(`${crdFile}: no CustomResourceDefinition for ${kind}`);
  const version = crd.spec.versions.find((v: { served: boolean; storage: boolean }) => v.served && v.storage);
  const schema = structural(version.schema.openAPIV3Schema) as Schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return { version: `${crd.spec.group}/${version.name}`, validate: ajv.compile(schema) };
}

function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (typeof node !== 'object' || node === null) return node;
  const s: Schema = {};
  for (const [k, v] of Object.entries(node)) s[k] = k === 'properties' ? mapValues(v as Schema) : structural(v);
  if (s['x-kubernetes-int-or-string'] === true && s.type === undefined)
    s.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (
    s.type === 'object' &&
    s.properties !== undefined &&
    s.additionalProperties === undefined &&
    s['x-kubernetes-preserve-unknown-fields'] !== true
  )
    s.additionalProperties = false;
  return s;
}

function mapValues(properties: Schema): Schema {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, structural(v)]));
}
