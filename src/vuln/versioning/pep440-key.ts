import type { Pep440Version } from '@renovatebot/pep440';

/**
 * The sort key of a parsed PEP 440 version, computed once per version instead of on every
 * comparison as @renovatebot/pep440's `compare` does. Mirrors that library's `calculateKey`
 * and `pyCompare` (lib/operator.js), themselves ports of packaging.version `_cmpkey` and
 * Python tuple order — PEP 440 "Summary of permitted suffixes and relative ordering".
 * The PyPI fixtures (12,000+ lines) check that both agree.
 */
type KeyPart = number | string | readonly KeyPart[];
export type Pep440Key = readonly KeyPart[];

/** `parse()` returns pre/post/dev as [letter, number] or null, local as parts or null. */
type Parsed = Omit<Pep440Version, 'pre' | 'post' | 'dev' | 'local'> & {
  pre: KeyPart[] | null;
  post: KeyPart[] | null;
  dev: KeyPart[] | null;
  local: Array<string | number> | null;
};

export function pep440Key(parsed: unknown): Pep440Key {
  const p = parsed as Parsed;
  const release = [...p.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  // 1.0.dev0 sorts before 1.0a0: a dev release without pre or post takes pre = -Infinity.
  const pre: KeyPart = p.pre === null && p.post === null && p.dev !== null ? -Infinity : (p.pre ?? Infinity);
  const post: KeyPart = p.post ?? -Infinity;
  const dev: KeyPart = p.dev ?? Infinity;
  // Local segments: alphanumerics sort before numbers, numbers numerically.
  const local: KeyPart =
    p.local === null
      ? -Infinity
      : p.local.map((i) => (Number.isNaN(Number(i)) ? [-Infinity, String(i)] : [Number(i), '']));
  return [p.epoch, release, pre, post, dev, local];
}

/** Python's ordering of the key (a scalar against a tuple compares as a 1-tuple). */
export function comparePep440Keys(a: KeyPart, b: KeyPart): number {
  if (a === b) return 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x: readonly KeyPart[] = Array.isArray(a) ? a : [a];
    const y: readonly KeyPart[] = Array.isArray(b) ? b : [b];
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const c = comparePep440Keys(x[i] as KeyPart, y[i] as KeyPart);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (a === -Infinity || b === Infinity) return -1;
  if (a === Infinity || b === -Infinity) return 1;
  return a < b ? -1 : 1;
}
