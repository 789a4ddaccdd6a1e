import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/shared-data.js';
import { deployDocuments, findOne, notKubernetesFiles, where, type DeployDocument } from './deploy-manifests.js';
import { manifestSchemas } from './manifest-schemas.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';

const crdDir = sharedPath('conformance', 'deploy-webhooks');

describe('every manifest under deploy/ against its schema', { skip: crdDir ? false : SHARED_SKIP }, () => {
  const schemas = manifestSchemas(crdDir!);
  const docs = deployDocuments();
  const check = (d: DeployDocument) => {
    const schema = schemas.get(`${String(d.doc.apiVersion)} ${String(d.doc.kind)}`);
    assert.ok(
      schema,
      `${where(d)}: no schema for ${String(d.doc.apiVersion)} ${String(d.doc.kind)} (add one to manifest-schemas.ts)`,
    );
    return schema(d.doc);
  };
  const mutated = (kind: string, name: string, edit: (doc: Record<string, unknown>) => void): DeployDocument => {
    const d = findOne(docs, kind, name);
    const doc = structuredClone(d.doc);
    edit(doc);
    return { ...d, doc };
  };

  test('deploy/ ships the integrations: mc, cert-manager, admission, Argo, Flagger', () => {
    const dirs = new Set(docs.map((d) => d.file.split('/')[1]));
    for (const dir of ['mc', 'cert-manager', 'admission', 'argo', 'flagger']) assert.ok(dirs.has(dir), dir);
  });

  for (const d of deployDocuments())
    test(where(d), () => assert.deepEqual(check(d), [], `${where(d)} does not match its schema`));

  test('the checks bite: a wrong type, a missing field, an unknown enum value, an unknown field', () => {
    const broken: Array<[string, DeployDocument, RegExp]> = [
      [
        'replicas as a word',
        mutated('Deployment', 'mc', (doc) => {
          (doc as { spec: { replicas: unknown } }).spec.replicas = 'two';
        }),
        /replicas must be integer/,
      ],
      [
        'a sideEffects class the API server does not know',
        mutated('ValidatingWebhookConfiguration', 'mc', (doc) => {
          (doc as { webhooks: Array<{ sideEffects: string }> }).webhooks[0]!.sideEffects = 'Maybe';
        }),
        /sideEffects must be equal to one of the allowed values/,
      ],
      [
        'a Certificate without issuerRef',
        mutated('Certificate', 'mc-serving', (doc) => {
          delete (doc as { spec: { issuerRef?: unknown } }).spec.issuerRef;
        }),
        /must have required property '?issuerRef'?/,
      ],
      [
        'a misspelt Rollout field (pruned by the API server, refused by kubectl apply)',
        mutated('Rollout', 'shop-api', (doc) => {
          (doc as { spec: Record<string, unknown> }).spec.replica = 4;
        }),
        /must NOT have additional properties \{"additionalProperty":"replica"\}/,
      ],
      [
        'a Flagger webhook type Flagger does not have',
        mutated('Canary', 'shop-cart', (doc) => {
          (doc as { spec: { analysis: { webhooks: Array<{ type: string }> } } }).spec.analysis.webhooks[0]!.type =
            'confirm';
        }),
        /type must be equal to one of the allowed values/,
      ],
      [
        'an AnalysisTemplate metric without a provider',
        mutated('AnalysisTemplate', 'mc-verify', (doc) => {
          delete (doc as { spec: { metrics: Array<{ provider?: unknown }> } }).spec.metrics[0]!.provider;
        }),
        /must have required property 'provider'/,
      ],
      [
        'a misspelt kubeconfig field',
        mutated('Config', '', (doc) => {
          (doc as { users: Array<{ user: Record<string, unknown> }> }).users[0]!.user.token_file = '/x';
        }),
        /must NOT have additional properties/,
      ],
      [
        'an invalid object name',
        mutated('AnalysisTemplate', 'mc-verify', (doc) => {
          (doc as { metadata: { name: string } }).metadata.name = 'MC Verify';
        }),
        /\/metadata\/name/,
      ],
    ];
    for (const [why, d, expected] of broken) assert.match(check(d).join('\n'), expected, why);
  });

  test('the files that are no Kubernetes object are what NOT_KUBERNETES says (Prometheus rules and their tests)', () => {
    for (const file of notKubernetesFiles()) {
      const doc = parse(readFileSync(join(repoRoot, file), 'utf8'));
      // promtool's two formats: rule files (groups) and their unit tests (rule_files, tests).
      assert.ok(
        Array.isArray(doc?.groups) || (Array.isArray(doc?.rule_files) && Array.isArray(doc?.tests)),
        `${file}: a Prometheus rule file or rule test file`,
      );
      assert.equal(doc.apiVersion, undefined, `${file}: a Kubernetes object would go unvalidated here`);
    }
  });

  test('a kind with no schema is refused, not skipped', () => {
    const schema = schemas.get('example.com/v1 Widget');
    assert.equal(schema, undefined);
  });
});
