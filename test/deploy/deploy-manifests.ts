import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/shared-data.js';

/** One YAML document under deploy/: where it is, and its value. */
export interface DeployDocument {
  /** Path from the repository root, `deploy/argo/rollout-canary.yaml`. */
  file: string;
  /** Its position in a multi-document file, from 0. */
  index: number;
  doc: Record<string, unknown>;
}

export const DEPLOY_DIR = join(repoRoot, 'deploy');

/** Files under deploy/ that are no Kubernetes object: each kind is checked by its own tool. */
export const NOT_KUBERNETES: ReadonlyArray<{ under: string; why: string }> = [
  {
    under: 'deploy/prometheus/',
    why: 'Prometheus rule files and their tests (promtool check rules, promtool test rules)',
  },
];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** The files under deploy/ that NOT_KUBERNETES leaves out, from the repository root. */
export function notKubernetesFiles(): string[] {
  return yamlFiles(DEPLOY_DIR)
    .map((p) => relative(repoRoot, p))
    .filter((file) => NOT_KUBERNETES.some((n) => file.startsWith(n.under)));
}

/** Every YAML document under deploy/ except NOT_KUBERNETES, parsed (a parse error throws, naming the file). */
export function deployDocuments(): DeployDocument[] {
  const out: DeployDocument[] = [];
  for (const path of yamlFiles(DEPLOY_DIR)) {
    const file = relative(repoRoot, path);
    if (NOT_KUBERNETES.some((n) => file.startsWith(n.under))) continue;
    parseAllDocuments(readFileSync(path, 'utf8')).forEach((d, index) => {
      if (d.errors.length > 0) throw new Error(`${file}#${index}: ${d.errors[0]!.message}`);
      const doc = d.toJS();
      if (doc === null || doc === undefined) return; // an empty document (a trailing ---)
      out.push({ file, index, doc });
    });
  }
  return out;
}

export const where = (d: DeployDocument) => `${d.file}#${d.index} (${String(d.doc.kind)} ${name(d)})`;

export const name = (d: DeployDocument): string => String((d.doc.metadata as { name?: unknown })?.name ?? '');

/** The one document of this kind and name (a missing or doubled one throws). */
export function findOne(docs: DeployDocument[], kind: string, metadataName: string): DeployDocument {
  const found = docs.filter((d) => d.doc.kind === kind && name(d) === metadataName);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${metadataName} under deploy/, found ${found.length}`);
  return found[0]!;
}

/** Loose access into a parsed document, for the cross-reference checks. */
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, narrowed by the assertions that read it
export type Loose = any;
