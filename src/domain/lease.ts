/**
 * Periodic jobs (CVE ticks, drift samples, bypass expiry, backups, reminders) run once across
 * replicas by holding a named lease row. A lease expires when its holder stops renewing it, so a
 * paused or killed holder keeps it at most one lease period. `token` rises with every change of
 * holder (a fencing token): work stamped with an older token lost its lease.
 */
export interface Lease {
  name: string;
  holder: string;
  token: number;
  expiresAt: string;
}

export interface LeaseRepository {
  /**
   * Takes the lease when it is free or expired, or renews it when `holder` has it; undefined when
   * another live holder has it. Atomic on both engines (one conditional UPDATE / INSERT).
   */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up early (a clean shutdown), only if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
  get(name: string): Promise<Lease | undefined>;
}
