/**
 * Says whether a happening is new: the first time a key is seen, and again once `windowMs` has
 * passed since it was last let through. Bounded: past `maxKeys` the oldest keys are forgotten
 * (a forgotten key only means one more record, never one less). Time comes from the caller's clock.
 */
export class RepeatFilter {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  fresh(key: string, nowMs: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && nowMs - last < this.windowMs && nowMs >= last) return false;
    this.seen.delete(key); // re-inserted last: the Map's order is the order keys were let through
    this.seen.set(key, nowMs);
    if (this.seen.size > this.maxKeys) {
      for (const k of this.seen.keys()) {
        this.seen.delete(k);
        if (this.seen.size <= this.maxKeys) break;
      }
    }
    return true;
  }
}
