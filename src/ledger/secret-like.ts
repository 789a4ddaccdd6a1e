/**
 * Heuristics for "this looks like a secret value, not a name" (rotation
 * attestations must never carry secret values). Patterns of well-known credential formats,
 * plus long high-entropy tokens. A false positive costs a renamed item; a false negative
 * leaks a secret into an append-only log, so the bias is towards refusing.
 */
const PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['PEM block', /-----BEGIN [A-Z ]+-----/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ['GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{30,}/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Stripe key', /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['C2SP private key', /PRIVATE\+KEY\+/],
  ['URL credentials', /:\/\/[^/\s:@]+:[^/\s@]+@/],
];

function entropyPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / s.length) * Math.log2(c / s.length);
  return h;
}

/** Returns why a single string looks like a secret, or undefined. */
export function secretLikeReason(value: string): string | undefined {
  for (const [name, re] of PATTERNS) if (re.test(value)) return name;
  // A run of 32+ token characters with high entropy and mixed classes: keys, passwords, hex/base64 blobs.
  for (const run of value.match(/[A-Za-z0-9+/=_-]{32,}/g) ?? []) {
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(run)).length;
    if (classes >= 2 && entropyPerChar(run) >= 3.5) return 'high-entropy token';
  }
  return undefined;
}

/** Walks a JSON value; returns the JSON pointer of the first secret-like string. */
export function findSecretLike(value: unknown, path = '/payload'): string | undefined {
  if (typeof value === 'string') return secretLikeReason(value) === undefined ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecretLike(value[i], `${path}/${i}`);
      if (hit !== undefined) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findSecretLike(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}
