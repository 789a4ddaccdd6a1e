import type { NodeRow } from '../../src/ledger/appender.js';
import type { SubtreeHashes } from '../../src/ledger/merkle.js';

/** In-memory SubtreeHashes for tests; counts reads so tests can assert O(log n). */
export class MemorySubtrees implements SubtreeHashes {
  readonly nodes = new Map<string, Uint8Array>();
  reads = 0;

  put(rows: readonly NodeRow[]): void {
    for (const r of rows) this.nodes.set(`${r.level}/${r.index}`, r.hash);
  }

  get(level: number, index: number): Uint8Array {
    this.reads++;
    const h = this.nodes.get(`${level}/${index}`);
    if (h === undefined) throw new Error(`node ${level}/${index} missing`);
    return h;
  }
}
