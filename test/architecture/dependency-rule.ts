import type { ImportEdge, ImportGraph } from './import-graph.js';

/**
 * The dependency rule: a pure core and a thin shell around it. Core folders hold parsing,
 * verification, evaluation and ledger math; they are given bytes, values and functions, and
 * never reach for the file system, the network, a process, the store, the server, the CLI, the
 * use cases or the configuration. The shell (use cases in app/, adapters, edges) composes I/O
 * around them. Every top-level folder of src/ is either core or shell, so a new folder has to
 * be placed on purpose.
 */
export const CORE_LAYERS = [
  'access',
  'delivery',
  'domain',
  'evidence',
  'formats',
  'graph',
  'ledger',
  'oci',
  'policy',
  'trust',
  'vuln',
] as const;
export const SHELL_LAYERS = ['app', 'cli', 'config', 'registry', 'server', 'store'] as const;

/** Node built-ins that do I/O (`node:` or not; `fs` covers `fs/promises`). */
export const CORE_FORBIDDEN_BUILTINS = [
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'child_process',
] as const;

/** Packages that exist only to do I/O at an edge: a database, an HTTP server, a CLI parser, archives on disk, metrics. */
export const CORE_FORBIDDEN_PACKAGES = [
  'pg',
  'better-sqlite3',
  'kysely',
  'fastify',
  'commander',
  'tar',
  'prom-client',
] as const;

export interface Violation {
  rule: 'core-io' | 'core-layer' | 'unclassified-layer' | 'unresolved-import' | 'import-cycle';
  file: string;
  message: string;
}

/** The top-level folder of a file under `srcRoot` (`src/vuln/x.ts` → `vuln`); '' for a file directly in it. */
export function layerOf(file: string, srcRoot = 'src'): string | undefined {
  if (!file.startsWith(`${srcRoot}/`)) return undefined;
  const rest = file.slice(srcRoot.length + 1);
  const slash = rest.indexOf('/');
  return slash === -1 ? '' : rest.slice(0, slash);
}

const isCore = (layer: string | undefined): boolean => (CORE_LAYERS as readonly string[]).includes(layer ?? '');
const isShell = (layer: string | undefined): boolean => (SHELL_LAYERS as readonly string[]).includes(layer ?? '');

function forbiddenBareImport(specifier: string): string | undefined {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const builtin = CORE_FORBIDDEN_BUILTINS.find((m) => name === m || name.startsWith(`${m}/`));
  if (builtin !== undefined) return `the Node built-in ${builtin} (I/O)`;
  const parts = name.split('/');
  const pkg = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if ((CORE_FORBIDDEN_PACKAGES as readonly string[]).includes(pkg ?? '')) return `the package ${pkg} (I/O at an edge)`;
  return undefined;
}

const where = (file: string, edge: ImportEdge): string => `${file}:${edge.line}`;
const quoted = (edge: ImportEdge): string =>
  edge.specifier === undefined ? 'import(<not a string literal>)' : `'${edge.specifier}'`;

/**
 * Layer and I/O violations. Type-only imports count: `import type` from store/ still couples a
 * core module to a shell one (the core then changes when the store does), which is what ports
 * in the domain are for.
 */
export function checkLayers(graph: ImportGraph, srcRoot = 'src'): Violation[] {
  const out: Violation[] = [];
  const seenFolders = new Set<string>();
  for (const file of graph.files) {
    const layer = layerOf(file, srcRoot);
    if (layer === undefined) continue;
    if (!isCore(layer) && !isShell(layer) && !seenFolders.has(layer)) {
      seenFolders.add(layer);
      const name = layer === '' ? `${file} (directly in ${srcRoot}/)` : `${srcRoot}/${layer}/`;
      out.push({
        rule: 'unclassified-layer',
        file,
        message: `${name} is neither a core nor a shell layer: add it to CORE_LAYERS or SHELL_LAYERS in test/architecture/dependency-rule.ts`,
      });
    }
    for (const edge of graph.imports.get(file) ?? []) {
      if (edge.unresolved) {
        out.push({
          rule: 'unresolved-import',
          file,
          message: `${where(file, edge)} imports ${quoted(edge)}, which names no file under ${srcRoot}/`,
        });
        continue;
      }
      if (!isCore(layer)) continue;
      if (edge.specifier === undefined) {
        out.push({
          rule: 'core-layer',
          file,
          message: `${where(file, edge)} (core: ${layer}/) has ${quoted(edge)}, which the dependency rule cannot check; import a literal path`,
        });
      } else if (edge.target === undefined) {
        const bad = forbiddenBareImport(edge.specifier);
        if (bad !== undefined)
          out.push({
            rule: 'core-io',
            file,
            message: `${where(file, edge)} (core: ${layer}/) imports ${quoted(edge)}, ${bad}: move the I/O to app/ and pass the core bytes or a function`,
          });
      } else {
        const to = layerOf(edge.target, srcRoot);
        if (!isCore(to)) {
          const what = isShell(to) ? `the shell layer ${to}/` : 'a file outside the core';
          out.push({
            rule: 'core-layer',
            file,
            message: `${where(file, edge)} (core: ${layer}/) imports ${quoted(edge)} → ${edge.target}, ${what}: the core may import only core layers (${CORE_LAYERS.join(', ')})`,
          });
        }
      }
    }
  }
  return out;
}

/**
 * Import cycles, one per strongly connected component, each printed in import order
 * (`a.ts:3 → b.ts:7 → a.ts`). `import type` edges count: with verbatimModuleSyntax they load
 * nothing at run time, so they cannot cause an initialisation-order bug, but two files that
 * name each other's types still cannot be understood, moved or layered apart, and a type-only
 * edge becomes a runtime one the day someone needs a value from it.
 */
export function findCycles(graph: ImportGraph): Violation[] {
  const next = new Map<string, ImportEdge[]>();
  for (const file of graph.files)
    next.set(
      file,
      (graph.imports.get(file) ?? []).filter((e) => e.target !== undefined && graph.imports.has(e.target)),
    );
  const out: Violation[] = [];
  for (const component of stronglyConnected(graph.files, next)) {
    const inside = new Set(component);
    const start = [...component].sort()[0]!;
    const selfLoop = (next.get(start) ?? []).find((e) => e.target === start);
    if (component.length === 1 && selfLoop === undefined) continue;
    const path = shortestCycle(start, inside, next);
    const text = path.map(({ file, edge }) => (edge === undefined ? file : `${file}:${edge.line}`)).join(' → ');
    out.push({ rule: 'import-cycle', file: start, message: `import cycle: ${text}` });
  }
  return out;
}

/** The shortest path from `start` back to itself inside one component (breadth-first). */
function shortestCycle(
  start: string,
  inside: ReadonlySet<string>,
  next: ReadonlyMap<string, ImportEdge[]>,
): Array<{ file: string; edge?: ImportEdge }> {
  const cameFrom = new Map<string, { file: string; edge: ImportEdge }>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const file = queue[q]!;
    for (const edge of next.get(file) ?? []) {
      const to = edge.target!;
      if (!inside.has(to) || (to !== start && cameFrom.has(to))) continue;
      if (to === start) {
        const path: Array<{ file: string; edge?: ImportEdge }> = [{ file: start }];
        let at: { file: string; edge: ImportEdge } | undefined = { file, edge };
        while (at !== undefined) {
          path.unshift(at);
          at = at.file === start ? undefined : cameFrom.get(at.file);
        }
        return path;
      }
      cameFrom.set(to, { file, edge });
      queue.push(to);
    }
  }
  return [{ file: start }];
}

/** Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack. */
function stronglyConnected(files: readonly string[], next: ReadonlyMap<string, ImportEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of files) {
    if (index.has(root)) continue;
    const work: Array<{ file: string; i: number }> = [{ file: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = next.get(frame.file) ?? [];
      if (frame.i < edges.length) {
        const to = edges[frame.i++]!.target!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ file: to, i: 0 });
        } else if (onStack.has(to)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) === index.get(frame.file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.file);
        components.push(component);
      }
    }
  }
  return components;
}

/** Every violation of the rule in a graph: layers and I/O, unresolved imports, cycles. */
export function checkDependencyRule(graph: ImportGraph, srcRoot = 'src'): Violation[] {
  return [...checkLayers(graph, srcRoot), ...findCycles(graph)];
}
