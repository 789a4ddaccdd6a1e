import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { scanImports, type ImportRef } from './import-scanner.js';

/**
 * The import graph of a source tree: every .ts file, the modules it imports and, for relative
 * specifiers, the file each one resolves to. Files are named by their path from the repository
 * root with `/` separators (`src/vuln/matcher.ts`), the way failure messages print them.
 */
export interface ImportEdge extends ImportRef {
  /** The file a relative specifier resolves to; undefined for a package or built-in module. */
  target: string | undefined;
  /** A relative specifier that names no file of the tree. */
  unresolved: boolean;
}

export interface ImportGraph {
  files: string[];
  imports: Map<string, ImportEdge[]>;
}

/** Builds the graph from file texts keyed by path (a synthetic tree in tests, the real one from disk). */
export function buildImportGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const files = [...sources.keys()].sort();
  const known = new Set(files);
  const imports = new Map<string, ImportEdge[]>();
  for (const file of files) {
    imports.set(
      file,
      scanImports(sources.get(file)!).map((ref) => resolveRef(file, ref, known)),
    );
  }
  return { files, imports };
}

/** Reads every .ts file under `dir` (a folder of the repository at `root`). */
export function readSourceTree(root: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (abs: string): void => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const p = join(abs, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.ts'))
        sources.set(relative(root, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(join(root, dir));
  return sources;
}

function resolveRef(file: string, ref: ImportRef, known: ReadonlySet<string>): ImportEdge {
  const spec = ref.specifier;
  if (spec === undefined || !(spec.startsWith('./') || spec.startsWith('../')))
    return { ...ref, target: undefined, unresolved: false };
  const base = posix.normalize(posix.join(posix.dirname(file), spec));
  // NodeNext: sources import './x.js' for ./x.ts; a folder is its index.
  const candidates = base.endsWith('.js')
    ? [`${base.slice(0, -3)}.ts`, base]
    : base.endsWith('.ts')
      ? [base]
      : [`${base}.ts`, `${base}/index.ts`, base];
  const target = candidates.find((c) => known.has(c));
  if (target !== undefined) return { ...ref, target, unresolved: false };
  // A data file (`./schema.json` with { type: 'json' }) is no .ts node, but it still sits in a layer.
  if (!/\.[cm]?[jt]s$/.test(base) && /\.[a-z]+$/i.test(base)) return { ...ref, target: base, unresolved: false };
  return { ...ref, target: undefined, unresolved: true };
}
