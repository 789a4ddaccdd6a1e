import { loadAccessPolicy, type AccessPolicy } from '../../access/access-policy.js';
import { isBaseError } from '../../domain/errors.js';
import { fileStamp } from '../file-stamp.js';
import { readPolicyFile } from '../policy-file.js';

/**
 * policy/data/access.yaml (MC_ACCESS_POLICY), re-read when it changes (checked at most every
 * `recheckMs`). Absent when the server starts: no access rules, behaviour as before they existed.
 * Once rules are in force they stay in force: an edit that does not lint, or the file removed,
 * keeps the last good rules and is reported (it never falls open).
 */
export class AccessPolicySource {
  private policy: AccessPolicy | undefined;
  private stamp = '';
  private checkedAt = -Infinity;
  private lastError: Error | undefined;

  constructor(
    readonly file: string,
    readonly name: string,
    private readonly recheckMs = 1000,
  ) {}

  /** The rules in force, or undefined when there is no access file (and never was one). */
  current(): AccessPolicy | undefined {
    const t = performance.now();
    if (t - this.checkedAt < this.recheckMs && this.checkedAt !== -Infinity) return this.policy;
    this.checkedAt = t;
    const stamp = fileStamp(this.file);
    if (stamp === this.stamp) return this.policy;
    try {
      if (stamp === 'absent') {
        if (this.policy !== undefined) throw new Error(`${this.name} was removed; the rules read before stay in force`);
        this.stamp = stamp;
        return undefined;
      }
      this.policy = loadAccessPolicy(readPolicyFile(this.file, this.name), this.name);
      this.stamp = stamp;
      this.lastError = undefined;
    } catch (e) {
      if (this.policy === undefined || !(isBaseError(e) || e instanceof Error)) throw e;
      this.lastError = e as Error;
    }
    return this.policy;
  }

  /** The last edit was rejected; the rules before it are in force. */
  get staleError(): Error | undefined {
    return this.lastError;
  }
}
