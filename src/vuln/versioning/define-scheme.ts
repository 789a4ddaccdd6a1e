import { ParseCache } from './parse-cache.js';
import { VersionError, type VersionScheme } from './version-scheme.js';

export interface SchemeDefinition<T> {
  readonly ecosystems: readonly string[];
  /** Parses one (attacker-controlled) version; throws VersionError VERSION_UNPARSABLE when it does not. */
  readonly parse: (version: string) => T;
  /** Orders two parsed versions: negative, 0 or positive. */
  readonly compare: (a: T, b: T) => number;
}

/** Builds a VersionScheme from a parser and a comparator, memoising parses; its `order` compares parsed versions. */
export function defineScheme<T>(definition: SchemeDefinition<T>): VersionScheme {
  const cache = new ParseCache<T>(definition.parse);
  const order = definition.compare;
  return {
    ecosystems: definition.ecosystems,
    order: {
      key: (version: string): T | undefined => {
        if (typeof version !== 'string') return undefined;
        const parsed = cache.lookup(version);
        return parsed instanceof VersionError ? undefined : parsed;
      },
      compare: order,
    },
    isValid: (version: string) => typeof version === 'string' && cache.isValid(version),
    compare: (a: string, b: string) => {
      const pa = cache.parse(a);
      const pb = cache.parse(b);
      const c = order(pa, pb);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    },
  };
}
