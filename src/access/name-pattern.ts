/**
 * An artifact name pattern of access.yaml's `teams:` (`registry.example/payments/**`): `*`
 * matches within one path segment, `**` across segments; everything else is literal. Names are
 * compared whole, so `acme/api` does not match `acme/api-internal`.
 */
export function compileNamePattern(pattern: string): RegExp {
  if (/\*{3,}/.test(pattern)) throw new Error(`pattern ${JSON.stringify(pattern)}: at most two "*" in a row`);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The teams whose patterns match `name` (usually one; several when patterns overlap). */
export function teamsOfName(teams: Readonly<Record<string, readonly string[]>>, name: string): string[] {
  const out: string[] = [];
  for (const [team, patterns] of Object.entries(teams))
    if (patterns.some((p) => compiled(p).test(name))) out.push(team);
  return out;
}

const cache = new Map<string, RegExp>();

/** Patterns come from one access.yaml at a time: a small cache, cleared when it grows past any real file. */
function compiled(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    if (cache.size > 4096) cache.clear();
    re = compileNamePattern(pattern);
    cache.set(pattern, re);
  }
  return re;
}
