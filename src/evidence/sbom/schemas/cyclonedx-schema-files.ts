import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The official CycloneDX JSON schemas, as shipped by `@cyclonedx/cyclonedx-library` (res/schema/,
 * Apache-2.0, copied by that project from CycloneDX/specification; see its res/schema/README.md for
 * the small fixes it applies: local $ref names, `format: "string"` removed).
 *
 * Static asset loading at module edge: the files are resolved from the installed package, which
 * works the same under tsx and from dist/ after `tsc` (no copying, no working-directory lookups).
 * The package's `exports` map hides res/, so we resolve its package.json and go from there.
 */
const require = createRequire(import.meta.url);
const schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

export type CycloneDxSchemaVersion = '1.4' | '1.5' | '1.6' | '1.7';

export function cycloneDxBomSchema(version: CycloneDxSchemaVersion): Record<string, unknown> {
  return require(join(schemaDir, `bom-${version}.SNAPSHOT.schema.json`)) as Record<string, unknown>;
}

/** The schemas the bom schemas `$ref`, keyed by the relative name they use (resolved against their $id). */
export function cycloneDxSupportSchemas(): Array<{ ref: string; schema: Record<string, unknown> }> {
  return ['spdx', 'jsf-0.82', 'cryptography-defs'].map((name) => ({
    ref: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json`,
    schema: require(join(schemaDir, `${name}.SNAPSHOT.schema.json`)) as Record<string, unknown>,
  }));
}
