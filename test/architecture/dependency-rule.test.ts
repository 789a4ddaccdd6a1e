import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildImportGraph, readSourceTree } from './import-graph.js';
import { checkDependencyRule, type Violation } from './dependency-rule.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const check = (files: Record<string, string>): Violation[] =>
  checkDependencyRule(buildImportGraph(new Map(Object.entries(files))));
const report = (vs: Violation[]): string => vs.map((v) => `  ${v.message}`).join('\n');

test('src/ keeps the dependency rule: no I/O or shell import in a core layer, every import resolves, no import cycle', () => {
  const graph = buildImportGraph(readSourceTree(root, 'src'));
  assert.ok(graph.files.length > 100, `only ${graph.files.length} files found under ${root}src`);
  const violations = checkDependencyRule(graph);
  assert.deepEqual(
    violations,
    [],
    `the dependency rule is broken (see test/architecture/dependency-rule.ts):\n${report(violations)}`,
  );
});

test('a core file that imports node:fs is reported, naming the file, the line and the import', () => {
  const vs = check({
    'src/vuln/loader.ts':
      "import { x } from './pure.js';\nimport { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
    'src/vuln/pure.ts': 'export const x = 1;\n',
  });
  assert.equal(vs.length, 1, report(vs));
  assert.equal(vs[0]!.rule, 'core-io');
  assert.equal(vs[0]!.file, 'src/vuln/loader.ts');
  assert.match(vs[0]!.message, /^src\/vuln\/loader\.ts:2 \(core: vuln\/\) imports 'node:fs'/);
});

test('every I/O built-in, with or without node:, in every form of import, is reported in every core layer', () => {
  const forms = [
    "import { readFile } from 'fs/promises';",
    "import type { Stats } from 'node:fs';",
    "export { request } from 'https';",
    "import 'node:net';",
    "const m = await import('node:child_process');",
    "import * as http from 'http';",
    "import { connect } from 'node:tls';",
  ];
  for (const layer of ['domain', 'evidence', 'formats', 'ledger', 'policy', 'trust', 'vuln']) {
    const vs = check(Object.fromEntries(forms.map((f, i) => [`src/${layer}/f${i}.ts`, f])));
    assert.deepEqual(
      vs.map((v) => [v.rule, v.file]),
      forms.map((_, i) => ['core-io', `src/${layer}/f${i}.ts`]),
      report(vs),
    );
  }
});

test('the shell may do I/O; node:crypto, node:path and pure packages are fine in the core', () => {
  const vs = check({
    'src/app/reader.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../vuln/pure.js';\n",
    'src/store/db.ts': "import pg from 'pg';\nimport type { Server } from 'node:http';\n",
    'src/vuln/pure.ts':
      "import { createHash } from 'node:crypto';\nimport { join } from 'node:path';\nimport { Ajv } from 'ajv';\nexport const x = 1;\n",
  });
  assert.deepEqual(vs, []);
});

test('a core file that imports a shell layer (even type-only) or an I/O package is reported', () => {
  const vs = check({
    'src/policy/evaluate.ts': "import type { WaiverStore } from '../store/waiver-store.js';\n",
    'src/trust/verify.ts': "import { run } from '../app/use-case.js';\n",
    'src/ledger/log.ts': "export * from '../server/app.js';\n",
    'src/domain/thing.ts': "import { loadConfig } from '../config/config.js';\nimport { Kysely } from 'kysely';\n",
    'src/evidence/parse.ts': "import { program } from '../cli/main.js';\n",
    'src/store/waiver-store.ts': 'export class WaiverStore {}\n',
    'src/app/use-case.ts': 'export const run = 1;\n',
    'src/server/app.ts': 'export const app = 1;\n',
    'src/config/config.ts': 'export const loadConfig = 1;\n',
    'src/cli/main.ts': 'export const program = 1;\n',
  });
  assert.deepEqual(
    vs.map((v) => [v.rule, v.file]),
    [
      ['core-layer', 'src/domain/thing.ts'],
      ['core-io', 'src/domain/thing.ts'],
      ['core-layer', 'src/evidence/parse.ts'],
      ['core-layer', 'src/ledger/log.ts'],
      ['core-layer', 'src/policy/evaluate.ts'],
      ['core-layer', 'src/trust/verify.ts'],
    ],
  );
  assert.match(
    vs[0]!.message,
    /^src\/domain\/thing\.ts:1 \(core: domain\/\) imports '\.\.\/config\/config\.js' → src\/config\/config\.ts, the shell layer config\//,
  );
  assert.match(vs[4]!.message, /'\.\.\/store\/waiver-store\.js' → src\/store\/waiver-store\.ts/);
});

test('two files that import each other are reported as one cycle, in import order', () => {
  const vs = check({
    'src/app/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
    'src/app/b.ts': "\nimport { a } from './a.js';\nexport const b = a;\n",
    'src/app/c.ts': "import { a } from './a.js';\n",
  });
  assert.deepEqual(vs, [
    {
      rule: 'import-cycle',
      file: 'src/app/a.ts',
      message: 'import cycle: src/app/a.ts:1 → src/app/b.ts:2 → src/app/a.ts',
    },
  ]);
});

test('longer cycles, cycles through type-only imports and a file importing itself are cycles too', () => {
  const vs = check({
    'src/policy/x.ts': "import type { Y } from './y.js';\n",
    'src/policy/y.ts': "import { Z } from './sub/index.js';\n",
    'src/policy/sub/index.ts': "export { X } from '../x.js';\n",
    'src/vuln/self.ts': "import { me } from './self.js';\n",
    'src/vuln/tree-a.ts': "import './tree-b.js';\n",
    'src/vuln/tree-b.ts': '',
  });
  assert.deepEqual(
    vs.map((v) => v.message),
    [
      'import cycle: src/policy/sub/index.ts:1 → src/policy/x.ts:1 → src/policy/y.ts:1 → src/policy/sub/index.ts',
      'import cycle: src/vuln/self.ts:1 → src/vuln/self.ts',
    ],
  );
});

test('an import that resolves to no file, a folder that is neither core nor shell, and a computed import() are reported', () => {
  const vs = check({
    'src/vuln/a.ts': "import { gone } from './missing.js';\nconst m = await import(`./${name}.js`);\n",
    'src/watchers/w.ts': "import { x } from '../vuln/a.js';\n",
  });
  assert.deepEqual(
    vs.map((v) => [v.rule, v.file]),
    [
      ['unresolved-import', 'src/vuln/a.ts'],
      ['core-layer', 'src/vuln/a.ts'],
      ['unclassified-layer', 'src/watchers/w.ts'],
    ],
  );
  assert.match(vs[0]!.message, /^src\/vuln\/a\.ts:1 imports '\.\/missing\.js', which names no file under src\//);
  assert.match(vs[2]!.message, /src\/watchers\/ is neither a core nor a shell layer/);
});
