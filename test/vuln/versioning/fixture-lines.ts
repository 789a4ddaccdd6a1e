import { readFileSync } from 'node:fs';

/** One `<a> <op> <b>` line of an osv-scalibr / osv.dev ordering fixture (see SOURCES.md §2). */
export interface ComparisonLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly a: string;
  readonly b: string;
  readonly expected: -1 | 0 | 1;
}

const OPS: Record<string, -1 | 0 | 1> = { '<': -1, '=': 0, '>': 1 };

/** Parses a fixture the way upstream compare_test.go does: blank, `# ` and `// ` lines are comments. */
export function readComparisons(path: string): ComparisonLine[] {
  const out: ComparisonLine[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text === '' || text.startsWith('# ') || text.startsWith('// ')) return;
      const pieces = text.split(' ');
      const op = OPS[pieces[1] ?? ''];
      if (pieces.length !== 3 || op === undefined)
        throw new Error(`${path}:${i + 1}: malformed fixture line ${JSON.stringify(text)}`);
      out.push({ file: path, line: i + 1, text, a: pieces[0] as string, b: pieces[2] as string, expected: op });
    });
  return out;
}

/** A list of version strings, one a line, `#` comments (osv.dev alpine fixtures). */
export function readVersionList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
