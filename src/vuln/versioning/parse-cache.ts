import { VersionError } from './version-scheme.js';

/** How many parsed versions one scheme keeps; a matcher run sees far fewer distinct ones. */
const DEFAULT_CAPACITY = 50_000;

/**
 * Memoises a scheme's parser: range evaluation compares the same few versions many times.
 * Failures are cached too (as the error), so hostile input costs one parse. When full the
 * cache is simply cleared — cheaper than LRU bookkeeping and bounded either way.
 */
export class ParseCache<T> {
  readonly #entries = new Map<string, T | VersionError>();
  readonly #parse: (version: string) => T;
  readonly #capacity: number;

  /** `parse` throws VersionError for input it rejects; any other exception is a bug and propagates. */
  constructor(parse: (version: string) => T, capacity = DEFAULT_CAPACITY) {
    this.#parse = parse;
    this.#capacity = capacity;
  }

  /** The parsed version, or the VersionError explaining why it does not parse. */
  lookup(version: string): T | VersionError {
    let hit = this.#entries.get(version);
    if (hit === undefined) {
      try {
        hit = this.#parse(version);
      } catch (e) {
        if (!(e instanceof VersionError)) throw e;
        hit = e;
      }
      if (this.#entries.size >= this.#capacity) this.#entries.clear();
      this.#entries.set(version, hit);
    }
    return hit;
  }

  /** The parsed version; throws the VersionError when it does not parse. */
  parse(version: string): T {
    const hit = this.lookup(version);
    if (hit instanceof VersionError) throw hit;
    return hit;
  }

  isValid(version: string): boolean {
    return !(this.lookup(version) instanceof VersionError);
  }
}
