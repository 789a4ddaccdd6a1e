import { SemVer, compare } from 'semver';
import { defineScheme } from './define-scheme.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * npm: node-semver (https://github.com/npm/node-semver), which is npm's own implementation, in
 * strict (non-loose) mode. It accepts a leading `v` as npm does (`semver.valid('v1.2.3')`)
 * and refuses numbers above Number.MAX_SAFE_INTEGER, as npm does.
 */
function parseNpm(version: string): SemVer {
  checkVersionInput(version, 'npm');
  // node-semver trims and allows `=`; npm stores cleaned versions, so neither is taken here.
  if (version.startsWith('=')) throw unparsable('npm', version, 'leading "="');
  try {
    return new SemVer(version, { loose: false });
  } catch (e) {
    throw unparsable('npm', version, e instanceof Error ? e.message : 'rejected by node-semver');
  }
}

export const npmVersioning = defineScheme<SemVer>({
  ecosystems: ['npm'],
  parse: parseNpm,
  compare: (a, b) => compare(a, b),
});
