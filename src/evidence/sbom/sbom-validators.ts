import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { cycloneDxBomSchema, cycloneDxSupportSchemas, type CycloneDxSchemaVersion } from './schemas/cyclonedx-schema-files.js';
import spdx23Schema from './schemas/spdx-2.3-schema.js';
import { addUniqueItemsKeyword, withLinearUniqueItems } from '../unique-items.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

const AJV_OPTIONS: Options = {
  // The official schemas use keywords ajv's strict mode frowns on (`deprecated`, `meta:enum`, unions
  // of `type` with `enum`); strictness about the *schema* is not what protects us, validation is.
  strict: false,
  allErrors: false,
  validateFormats: true,
  // Every pattern in these schemas is ASCII-only, where the `u` flag changes nothing but V8's speed
  // (checked: `grep '"pattern"'` over the CycloneDX 1.4–1.7 and SPDX 2.3 schemas).
  unicodeRegExp: false,
};

/**
 * Draft-07 formats that ajv-formats does not implement. `iri-reference` and `idn-email` admit all of
 * Unicode and no maintained JS validator exists for them; we accept any string without control
 * characters rather than pretending to check them.
 */
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/u;

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv); // date-time, uri, email, … checked (CycloneDX `invalid-metadata-timestamp-*` needs this)
  for (const name of ['iri', 'iri-reference', 'idn-email', 'idn-hostname']) ajv.addFormat(name, NO_CONTROL_CHARS);
  addUniqueItemsKeyword(ajv);
  return ajv;
}

let cycloneDxAjv: Ajv | undefined;
const cycloneDx = new Map<CycloneDxSchemaVersion, ValidateFunction>();

/** The compiled validator for one CycloneDX version; compiled on first use, then reused. */
export function cycloneDxValidator(version: CycloneDxSchemaVersion): ValidateFunction {
  let validate = cycloneDx.get(version);
  if (validate === undefined) {
    if (cycloneDxAjv === undefined) {
      cycloneDxAjv = withFormats(new Ajv(AJV_OPTIONS));
      for (const { ref, schema } of cycloneDxSupportSchemas()) cycloneDxAjv.addSchema({ ...withLinearUniqueItems(schema), $id: ref });
    }
    validate = cycloneDxAjv.compile(withLinearUniqueItems(cycloneDxBomSchema(version)));
    cycloneDx.set(version, validate);
  }
  return validate;
}

let spdx: ValidateFunction | undefined;

/** The SPDX 2.3 JSON schema validator (draft 2019-09), used for 2.2 and 2.3 documents. */
export function spdxValidator(): ValidateFunction {
  spdx ??= withFormats(new Ajv2019(AJV_OPTIONS) as unknown as Ajv).compile(withLinearUniqueItems(spdx23Schema));
  return spdx;
}
