import { purlKey } from '../vuln/purl-selector.js';

/**
 * How a package is shown to people (decision reasons, `mc show`). A purl already carries its
 * version, so none is appended to it; a purl that does not parse is shown as the raw string,
 * marked, never glued to a version (`pkg:x/y@bad!!@1.0` reads as if it were one purl). Purls
 * come from SBOMs and scan reports: attacker-influenced, shown for what they are.
 */
export function packageLabel(pkg: { name: string; purl?: string | undefined }, version?: string): string {
  const purl = pkg.purl;
  if (purl === undefined || purl === '') return version ? `${pkg.name}@${version}` : pkg.name;
  const parsed = purlKey(purl).purl;
  if (parsed === undefined) return `${purl} (invalid purl${version ? `; version ${version}` : ''})`;
  if (!version || parsed.version === version) return purl;
  return parsed.version === undefined ? `${purl} (version ${version})` : `${purl} (component version ${version})`;
}
