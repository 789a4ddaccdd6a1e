import type { Provenance } from '../../domain/evidence.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';

/** What a predicate contributes to Provenance, plus the ref the source was built at (our extra field). */
export type PredicateFields = Pick<
  Provenance,
  'builderId' | 'buildType' | 'sourceRepository' | 'sourceCommit' | 'materials'
> & {
  sourceRef?: string;
};

type DigestSet = Record<string, string>;
interface Resource {
  uri?: string;
  name?: string;
  digest?: DigestSet;
}

const digestSet = { type: 'object', additionalProperties: { type: 'string' } };
const resource = {
  type: 'object',
  properties: { uri: { type: 'string' }, name: { type: 'string' }, digest: digestSet },
};

/** SLSA provenance v0.2 (slsa.dev/provenance/v0.2): builder.id is REQUIRED; the rest is optional. */
const validatorV02 = schemaValidator({
  type: 'object',
  required: ['builder'],
  properties: {
    builder: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    buildType: { type: 'string' },
    invocation: { type: 'object', properties: { configSource: resource } },
    materials: { type: 'array', items: resource },
  },
});

/** SLSA provenance v1 (slsa.dev/provenance/v1): buildDefinition.buildType and runDetails.builder.id are REQUIRED. */
const validatorV1 = schemaValidator({
  type: 'object',
  required: ['buildDefinition', 'runDetails'],
  properties: {
    buildDefinition: {
      type: 'object',
      required: ['buildType', 'externalParameters'],
      properties: {
        buildType: { type: 'string' },
        externalParameters: { type: 'object' },
        resolvedDependencies: { type: 'array', items: resource },
      },
    },
    runDetails: {
      type: 'object',
      required: ['builder'],
      properties: { builder: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
    },
  },
});

export function slsaV02Fields(predicate: unknown): PredicateFields {
  checkSchema(validatorV02, predicate, 'SLSA provenance v0.2 predicate');
  const p = predicate as {
    builder: { id: string };
    buildType?: string;
    invocation?: { configSource?: Resource };
    materials?: Resource[];
  };
  const materials = (p.materials ?? []).map(material);
  const source = gitSource([p.invocation?.configSource, ...(p.materials ?? [])]);
  return {
    builderId: p.builder.id,
    ...(p.buildType === undefined ? {} : { buildType: p.buildType }),
    ...source,
    materials,
  };
}

/** v1 and the v1.0 release-candidate draft share these fields. */
export function slsaV1Fields(predicate: unknown): PredicateFields {
  checkSchema(validatorV1, predicate, 'SLSA provenance v1 predicate');
  const p = predicate as {
    buildDefinition: {
      buildType: string;
      externalParameters: Record<string, unknown>;
      resolvedDependencies?: Resource[];
    };
    runDetails: { builder: { id: string } };
  };
  const deps = p.buildDefinition.resolvedDependencies ?? [];
  const ext = p.buildDefinition.externalParameters;
  // GitHub Actions build type: externalParameters.workflow.{repository, ref}; draft: externalParameters.source.
  const workflow = ext.workflow as { repository?: unknown; ref?: unknown } | undefined;
  const draftSource =
    (ext.source as { artifact?: Resource } | undefined)?.artifact ?? (ext.source as Resource | undefined);
  let source = gitSource([...deps, draftSource]);
  // The source is the repository of the top-level workflow (GitHub Actions workflow build type), which
  // slsa-verifier checks as the trigger; a dependency naming another repository does not replace it,
  // and its ref and commit are not that repository's.
  if (typeof workflow?.repository === 'string' && source.sourceRepository !== workflow.repository)
    source = { sourceRepository: workflow.repository };
  if (typeof workflow?.ref === 'string' && source.sourceRef === undefined) source.sourceRef = workflow.ref;
  return {
    builderId: p.runDetails.builder.id,
    buildType: p.buildDefinition.buildType,
    ...source,
    materials: deps.map(material),
  };
}

function material(r: Resource): { uri: string; digest: DigestSet } {
  return { uri: r.uri ?? r.name ?? '', digest: { ...(r.digest ?? {}) } };
}

/**
 * The first resource naming a git source (SPDX download-location style `git+<repo>@<ref>`, as the SLSA
 * GitHub generators write): repository without `git+` and ref, commit from `gitCommit` or `sha1`.
 */
function gitSource(
  resources: Array<Resource | undefined>,
): Pick<PredicateFields, 'sourceRepository' | 'sourceCommit' | 'sourceRef'> {
  for (const r of resources) {
    if (typeof r?.uri !== 'string' || !r.uri.startsWith('git+')) continue;
    const uri = r.uri.slice('git+'.length);
    const at = uri.lastIndexOf('@');
    const hasRef = at > uri.indexOf('://') + 3 && !uri.slice(at).includes('/');
    const refAt = uri.indexOf('@refs/');
    const split = refAt >= 0 ? refAt : hasRef ? at : -1;
    const out: Pick<PredicateFields, 'sourceRepository' | 'sourceCommit' | 'sourceRef'> = {
      sourceRepository: split >= 0 ? uri.slice(0, split) : uri,
    };
    if (split >= 0) out.sourceRef = uri.slice(split + 1);
    const commit = r.digest?.gitCommit ?? r.digest?.sha1;
    if (commit !== undefined) out.sourceCommit = commit;
    return out;
  }
  return {};
}
