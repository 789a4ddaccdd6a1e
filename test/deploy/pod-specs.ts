import { name, type DeployDocument, type Loose } from './deploy-manifests.js';

/** A pod spec under deploy/, with the document it sits in. */
export interface PodSpecAt {
  where: string;
  namespace: string | undefined;
  spec: Loose;
}

/** Every pod spec deploy/ holds: Deployments, Jobs, Rollouts and `job` metrics of AnalysisTemplates. */
export function podSpecs(docs: DeployDocument[]): PodSpecAt[] {
  const out: PodSpecAt[] = [];
  for (const d of docs) {
    const doc: Loose = d.doc;
    const at = (spec: Loose, suffix = '') =>
      out.push({ where: `${d.file} ${doc.kind} ${name(d)}${suffix}`, namespace: doc.metadata?.namespace, spec });
    if (['Deployment', 'Job', 'Rollout'].includes(doc.kind) && doc.spec?.template?.spec) at(doc.spec.template.spec);
    if (doc.kind === 'AnalysisTemplate')
      for (const m of doc.spec.metrics) if (m.provider.job) at(m.provider.job.spec.template.spec, ` metric ${m.name}`);
  }
  return out;
}

/** A Secret or ConfigMap key something under deploy/ reads. */
export interface ObjectKeyRef {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  key: string;
  from: string;
}

/** Every Secret and ConfigMap key read by a pod spec (env, volumes) or an AnalysisTemplate argument. */
export function keyRefs(docs: DeployDocument[]): ObjectKeyRef[] {
  const refs: ObjectKeyRef[] = [];
  for (const p of podSpecs(docs)) {
    for (const c of [...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])])
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        const m = e.valueFrom?.configMapKeyRef;
        if (s) refs.push({ kind: 'Secret', name: s.name, key: s.key, from: `${p.where} env ${e.name}` });
        if (m) refs.push({ kind: 'ConfigMap', name: m.name, key: m.key, from: `${p.where} env ${e.name}` });
      }
    for (const v of p.spec.volumes ?? []) {
      const source = v.secret
        ? { kind: 'Secret' as const, name: v.secret.secretName, items: v.secret.items }
        : v.configMap
          ? { kind: 'ConfigMap' as const, name: v.configMap.name, items: v.configMap.items }
          : undefined;
      if (!source) continue;
      for (const item of source.items ?? [{ key: '*' }])
        refs.push({ kind: source.kind, name: source.name, key: item.key, from: `${p.where} volume ${v.name}` });
    }
  }
  for (const d of docs) {
    const doc: Loose = d.doc;
    if (doc.kind !== 'AnalysisTemplate') continue;
    for (const a of doc.spec.args ?? []) {
      const s = a.valueFrom?.secretKeyRef;
      if (s) refs.push({ kind: 'Secret', name: s.name, key: s.key, from: `${d.file} arg ${a.name}` });
    }
  }
  return refs;
}
