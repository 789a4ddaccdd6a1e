import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanImports } from './import-scanner.js';

const specs = (src: string): Array<[string | undefined, string, boolean, number]> =>
  scanImports(src).map((r) => [r.specifier, r.kind, r.typeOnly, r.line]);

test('every import and re-export form is found, with its kind, type-only flag and line', () => {
  const src = [
    "import a from './a.js';",
    "import { b, type B } from './b.js';",
    'import {',
    '  c,',
    '  d,',
    "} from './cd.js';",
    "import * as e from 'node:fs';",
    "import type { F } from './f.js';",
    "import type * as G from './g.js';",
    "import type from './default-named-type.js';",
    "import type, { h } from './h.js';",
    "import './side-effect.js';",
    "import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };",
    "export { i } from './i.js';",
    "export type { J } from './j.js';",
    "export * from './k.js';",
    "export * as l from './l.js';",
    "const m = await import('./m.js');",
    'const n = await import(name);',
    'export { local };',
    "export const o = 'p';",
  ].join('\n');
  assert.deepEqual(specs(src), [
    ['./a.js', 'static', false, 1],
    ['./b.js', 'static', false, 2],
    ['./cd.js', 'static', false, 3],
    ['node:fs', 'static', false, 7],
    ['./f.js', 'static', true, 8],
    ['./g.js', 'static', true, 9],
    ['./default-named-type.js', 'static', false, 10],
    ['./h.js', 'static', false, 11],
    ['./side-effect.js', 'side-effect', false, 12],
    ['@sigstore/tuf/seeds.json', 'static', false, 13],
    ['./i.js', 're-export', false, 14],
    ['./j.js', 're-export', true, 15],
    ['./k.js', 're-export', false, 16],
    ['./l.js', 're-export', false, 17],
    ['./m.js', 'dynamic', false, 18],
    [undefined, 'dynamic', false, 19],
  ]);
});

test('text that only looks like an import is not one: comments, strings, templates, regular expressions, properties', () => {
  const src = [
    "// import { x } from 'node:fs';",
    "/* import { y } from 'node:net';",
    "   export * from 'http'; */",
    'const s = "import { z } from \'child_process\'";',
    "const t = `import fs from 'node:fs' ${'}'} and import('https')`;",
    "const r = /import x from 'fs'/g;",
    "const q = a / b; const w = c / d; // 'unbalanced",
    "const obj = { import: 1, export: 2 }; obj.import('node:fs');",
    'const meta = import.meta.url;',
    "const u = `${`nested ${'`'}`}`; import { real } from './real.js';",
  ].join('\n');
  assert.deepEqual(specs(src), [['./real.js', 'static', false, 10]]);
});
