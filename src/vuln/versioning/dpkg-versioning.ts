import { defineScheme } from './define-scheme.js';
import { compareDigits } from './numeric-string.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * Debian and Ubuntu: dpkg versions `[epoch:]upstream[-revision]` — Debian Policy §5.6.12,
 * dpkg lib/dpkg/parsehelp.c `parseversion` (syntax) and lib/dpkg/version.c `verrevcmp`
 * (order). Hand-written: no JS port is maintained. Letters sort before non-letters, `~`
 * before everything (even the end), digit runs compare numerically. Stricter than dpkg on
 * one point: dpkg only warns when the upstream version does not start with a digit.
 */
interface DpkgVersion {
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

const EPOCH = /^[0-9]+$/;
const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;
const INT_MAX = '2147483647';

function parseDpkg(version: string, ecosystem: string): DpkgVersion {
  checkVersionInput(version, ecosystem);
  const colon = version.indexOf(':');
  const epoch = colon < 0 ? '0' : version.slice(0, colon);
  if (!EPOCH.test(epoch) || compareDigits(epoch, INT_MAX) > 0)
    throw unparsable(ecosystem, version, 'epoch is not a number up to 2^31-1');
  const rest = version.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen < 0 ? rest : rest.slice(0, hyphen);
  const revision = hyphen < 0 ? '' : rest.slice(hyphen + 1);
  if (!UPSTREAM.test(upstream))
    throw unparsable(ecosystem, version, 'upstream version must start with a digit and use only A-Za-z0-9.+~:-');
  if (hyphen >= 0 && !REVISION.test(revision))
    throw unparsable(ecosystem, version, 'revision must be non-empty and use only A-Za-z0-9.+~');
  return { epoch, upstream, revision };
}

/** dpkg `order()`: digits and the end are 0, letters their code, `~` -1, others code + 256. */
function order(c: number): number {
  if (Number.isNaN(c) || (c >= 48 && c <= 57)) return 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1;
  return c + 256;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** dpkg `verrevcmp`: alternating non-digit and digit runs. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigitAt(a, i)) || (j < b.length && !isDigitAt(b, j))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    const si = i;
    while (isDigitAt(a, i)) i++;
    const sj = j;
    while (isDigitAt(b, j)) j++;
    const c = compareDigits(si === i ? '0' : a.slice(si, i), sj === j ? '0' : b.slice(sj, j));
    if (c !== 0) return c;
  }
  return 0;
}

function compareDpkg(a: DpkgVersion, b: DpkgVersion): number {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const debianVersioning = defineScheme<DpkgVersion>({
  ecosystems: ['Debian'],
  parse: (v) => parseDpkg(v, 'Debian'),
  compare: compareDpkg,
});

export const ubuntuVersioning = defineScheme<DpkgVersion>({
  ecosystems: ['Ubuntu'],
  parse: (v) => parseDpkg(v, 'Ubuntu'),
  compare: compareDpkg,
});
