import type { VersionScheme } from '../../../src/vuln/versioning/version-scheme.js';
import type { ComparisonLine } from './fixture-lines.js';

function outcome(scheme: VersionScheme, a: string, b: string): string {
  try {
    return String(Math.sign(scheme.compare(a, b)));
  } catch (e) {
    return `threw ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Every failing line, checked in both directions: cmp(a,b) == op and cmp(b,a) == -op. */
export function fixtureFailures(
  scheme: VersionScheme,
  lines: readonly ComparisonLine[],
  exempt: ReadonlySet<string>,
): string[] {
  const failures: string[] = [];
  for (const l of lines) {
    if (exempt.has(l.text)) continue;
    const forward = outcome(scheme, l.a, l.b);
    const backward = outcome(scheme, l.b, l.a);
    if (forward !== String(l.expected) || backward !== String(-l.expected || 0)) {
      failures.push(`${l.file.split('/').pop()}:${l.line} ${l.text} → forward ${forward}, backward ${backward}`);
    }
  }
  return failures;
}
