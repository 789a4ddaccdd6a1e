import { schemaValidator, type SchemaValidator } from '../../formats/json-schema.js';
import {
  cycloneDxBomSchema,
  cycloneDxSupportSchemas,
  type CycloneDxSchemaVersion,
} from './schemas/cyclonedx-schema-files.js';
import spdx23Schema from './schemas/spdx-2.3-schema.js';

/**
 * The official schemas, compiled on first use by the project's schema helper with ajv-formats'
 * checks and the linear-time `uniqueItems` / `enum` keywords (`foreign`: same answers, see
 * src/formats/unique-items.ts).
 */
const references = () => cycloneDxSupportSchemas().map(({ ref, schema }) => ({ id: ref, schema }));
const cycloneDx = new Map<CycloneDxSchemaVersion, SchemaValidator>();

/** The validator for one CycloneDX version (draft-07, with its SPDX licence and JSF schemas). */
export function cycloneDxValidator(version: CycloneDxSchemaVersion): SchemaValidator {
  let validator = cycloneDx.get(version);
  if (validator === undefined) {
    validator = schemaValidator(() => cycloneDxBomSchema(version), { formats: 'standard', references, foreign: true });
    cycloneDx.set(version, validator);
  }
  return validator;
}

const spdx = schemaValidator(spdx23Schema, { dialect: 'draft-2019-09', formats: 'standard', foreign: true });

/** The SPDX 2.3 JSON schema validator (draft 2019-09), used for 2.2 and 2.3 documents. */
export function spdxValidator(): SchemaValidator {
  return spdx;
}
