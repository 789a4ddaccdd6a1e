import fc from 'fast-check';

/** Generators of valid versions, one per ecosystem, built from each grammar's parts. */
const small = fc.nat({ max: 30 }).map(String);
const bigDigits = fc.stringMatching(/^[1-9][0-9]{15,25}$/);
const num = fc.oneof({ weight: 6, arbitrary: small }, { weight: 1, arbitrary: bigDigits });
const word = fc.constantFrom('alpha', 'beta', 'rc', 'pre', 'x-y', 'SNAPSHOT', 'a', 'B', 'dev', 'Final');
const ident = fc.oneof(small, word);
const dotted = (a: fc.Arbitrary<string>, max = 3): fc.Arbitrary<string> =>
  fc.array(a, { minLength: 1, maxLength: max }).map((x) => x.join('.'));
const opt = (a: fc.Arbitrary<string>, prefix: string): fc.Arbitrary<string> =>
  fc
    .option(
      a.map((x) => prefix + x),
      { nil: '' },
    )
    .map((x) => x);

function semver(n: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(n, n, n, opt(dotted(ident), '-'), opt(dotted(ident), '+'))
    .map(([a, b, c, p, m]) => `${a}.${b}.${c}${p}${m}`);
}

const dpkg = fc
  .tuple(
    opt(small, ''),
    small,
    fc.array(fc.oneof(small, fc.constantFrom('~rc1', '~', '+dfsg', 'a', '.', '+b1')), { maxLength: 4 }),
    opt(
      fc.tuple(small, fc.constantFrom('', '~deb12u1', 'ubuntu1', '+b2', '.1')).map(([a, b]) => a + b),
      '-',
    ),
  )
  .map(([e, h, t, r]) => `${e === '' ? '' : `${e}:`}${h}${t.join('')}${r}`);

const safe = fc.nat({ max: 99999 }).map(String);

export const VALID_VERSIONS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  npm: fc.tuple(fc.constantFrom('', 'v'), semver(safe)).map(([v, s]) => v + s),
  'crates.io': semver(safe),
  Hex: semver(num),
  Pub: semver(num),
  Go: fc.oneof(
    fc.tuple(fc.constantFrom('', 'v'), semver(num)).map(([v, s]) => v + s),
    fc
      .tuple(
        fc.constantFrom('v0.0.0', 'v1.2.4', 'v2.0.0'),
        fc.stringMatching(/^20[0-9]{12}$/),
        fc.stringMatching(/^[0-9a-f]{12}$/),
      )
      .map(([b, t, h]) => `${b}-${t}-${h}`),
    fc.tuple(small, small, small).map(([a, b, c]) => `v${a}.${b}.${c}+incompatible`),
  ),
  PyPI: fc.oneof(
    fc
      .tuple(
        opt(small, ''),
        dotted(small, 4),
        opt(
          fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c'), small).map(([l, n]) => l + n),
          '',
        ),
        opt(small, '.post'),
        opt(small, '.dev'),
        opt(dotted(fc.constantFrom('ubuntu', '1', 'x')), '+'),
      )
      .map(([e, r, p, post, dev, local]) => `${e === '' ? '' : `${e}!`}${r}${p}${post}${dev}${local}`),
    fc.constantFrom('0.1-bulbasaur', '0.9-doduo', '2013-01-21T20:33:09+0100', 'trunk', '1.0-final-foo'),
  ),
  Maven: fc
    .tuple(
      small,
      fc.array(
        fc.tuple(
          fc.constantFrom('.', '-', ''),
          fc.oneof(
            small,
            fc.constantFrom(
              'alpha',
              'beta',
              'milestone',
              'rc',
              'cr',
              'snapshot',
              'ga',
              'final',
              'release',
              'sp',
              'a',
              'b',
              'm',
              'foo',
              'RC',
            ),
          ),
        ),
        { maxLength: 5 },
      ),
    )
    .map(([h, t]) => h + t.map(([s, x]) => s + x).join('')),
  RubyGems: fc
    .tuple(
      small,
      fc.array(fc.oneof(small, fc.constantFrom('a', 'b', 'pre', 'rc', 'beta')), { maxLength: 4 }),
      opt(fc.constantFrom('1', 'pre', 'rc.1'), '-'),
    )
    .map(([h, t, p]) => [h, ...t].join('.') + p),
  NuGet: fc
    .tuple(
      dotted(num, 4),
      opt(dotted(fc.oneof(small, fc.constantFrom('alpha', 'Alpha', 'BETA', 'rc', 'x-1'))), '-'),
      opt(dotted(fc.constantFrom('sha', '1', 'A')), '+'),
    )
    .map(([n, p, m]) => n + p + m),
  Packagist: fc
    .tuple(
      fc.constantFrom('', 'v'),
      dotted(num, 4),
      opt(
        fc
          .tuple(fc.constantFrom('dev', 'alpha', 'a', 'beta', 'b', 'RC', 'rc', 'p', 'pl', 'patch'), opt(small, ''))
          .map(([f, n]) => f + n),
        '-',
      ),
    )
    .map(([v, n, s]) => v + n + s),
  /** The OSV `SEMVER` range type (src/vuln/semver-scheme.ts): SemVer 2.0.0, one optional `v`. */
  SEMVER: fc.tuple(fc.constantFrom('', 'v'), semver(num)).map(([v, s]) => v + s),
  Debian: dpkg,
  Ubuntu: dpkg,
  Alpine: fc
    .tuple(
      dotted(fc.oneof(small, fc.constant('01')), 4),
      fc.constantFrom('', 'a', 'p', 'z', 'p1'),
      fc.array(
        fc.tuple(fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'), opt(small, '')),
        { maxLength: 2 },
      ),
      opt(small, '-r'),
    )
    .map(([n, l, s, r]) => n + l + s.map(([x, y]) => `_${x}${y}`).join('') + r),
};

/** Input every scheme must refuse: empty, whitespace, control, non-ASCII, oversized. */
export const INVALID_EVERYWHERE: readonly string[] = [
  '',
  ' ',
  '1.0.0 ',
  ' 1.0.0',
  '1.0.0\n',
  '1.0.0\u0000',
  '1.０.0',
  `1.0.0-${'a'.repeat(300)}`,
];

/** Input that is well-formed text but not a version in that ecosystem. */
export const INVALID_BY_ECOSYSTEM: Readonly<Record<string, readonly string[]>> = {
  npm: ['1.2', '01.2.3', '1.2.3-01', '=1.2.3', '1.2.3.4', '9007199254740992.0.0'],
  'crates.io': ['v1.2.3', '1.2', '1.2.3-', '1.2.3+', '18446744073709551616.0.0'],
  Hex: ['v1.2.3', '1.2', '1.2.3-a..b', '1.02.3'],
  Pub: ['v1.2.3', '1.2', '1.2.3-'],
  Go: ['1.2.3.4', 'v1.2-pre', 'v01.2.3', 'vv1.2.3', 'v1.2.3-01'],
  PyPI: ['1.0;rm -rf', '>=1.0', '1.0,<2', '"1.0"'],
  Maven: ['1.0 beta'],
  RubyGems: ['a1', '1..2', '1.0.', '-1', '1.0-'],
  NuGet: ['1.2.3.4.5', 'v1.0', '1.0-', '1.0.0-a..b', 'a'],
  Packagist: ['1.0 beta', '1..2', '/etc/passwd', 'v', '1.0-'],
  SEMVER: ['vv1.2.3', 'V1.2.3', '=1.2.3', 'v 1.2.3', '1.2', 'v1', '01.2.3', '1.2.3-01', '1.2.3.4', '1.2.3-', '1.2.3+'],
  Debian: ['a1.0', '1:', ':1.0', 'x:1.0', '1.0-', '1.0-a_b', '1.0_1', '99999999999:1.0'],
  Ubuntu: ['a1.0', '1:', '1.0-'],
  Alpine: [],
};

/** Alpine: versions apk orders but the apk grammar rejects (isValid false, compare works). */
export const ALPINE_ORDERED_BUT_INVALID: readonly string[] = ['1-r-1', '1.2.0A', '.1', 'c', '57-1-r2', '110.73/e0'];
