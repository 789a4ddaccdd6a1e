import { compareAscii } from './numeric-string.js';

/**
 * PyPI versions that are not PEP 440 ("legacy" versions such as `0.1-bulbasaur`). PyPI still
 * serves them and OSV records list them. Ordered as `packaging.version.LegacyVersion` did
 * (packaging 21.3, src/packaging/version.py `_legacy_cmpkey`, the setuptools algorithm):
 * every legacy version sorts before every PEP 440 version (its epoch is -1).
 */
export type LegacyKey = readonly string[];

const COMPONENT = /(\d+|[a-z]+|\.|-)/;
const REPLACEMENTS: Record<string, string> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

function* parts(version: string): Generator<string> {
  for (const raw of version.split(COMPONENT)) {
    const part = REPLACEMENTS[raw] ?? raw;
    if (part === '' || part === '.') continue;
    const first = part.charCodeAt(0);
    // Numbers are zero-padded to 8 so that string order is numeric order (as upstream).
    yield first >= 48 && first <= 57 ? part.padStart(8, '0') : `*${part}`;
  }
  yield '*final';
}

export function legacyKey(version: string): LegacyKey {
  const key: string[] = [];
  for (const part of parts(version.toLowerCase())) {
    if (part.startsWith('*')) {
      // remove "-" before a pre-release tag, then trailing zeros of each numeric series
      if (part < '*final') while (key.length > 0 && key[key.length - 1] === '*final-') key.pop();
      while (key.length > 0 && key[key.length - 1] === '00000000') key.pop();
    }
    key.push(part);
  }
  return key;
}

/** Python tuple order over the parts. */
export function compareLegacy(a: LegacyKey, b: LegacyKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareAscii(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
