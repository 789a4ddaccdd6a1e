import { defineScheme } from './define-scheme.js';
import { compareSemVer, parseSemVer, type SemVer } from './semver-core.js';
import { checkVersionInput } from './version-input.js';

/**
 * Hex: Elixir's `Version` (https://hexdocs.pm/elixir/Version.html) — strict SemVer 2.0.0,
 * no `v` prefix, arbitrary-size integers, build metadata ignored when comparing.
 */
export const hexVersioning = defineScheme<SemVer>({
  ecosystems: ['Hex'],
  parse: (v) => parseSemVer(checkVersionInput(v, 'Hex'), { ecosystem: 'Hex' }),
  compare: compareSemVer,
});
