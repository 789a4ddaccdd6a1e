import { loadGates, type LoadedGates } from '../policy/gates.js';
import { PolicyError } from '../policy/policy-error.js';
import { loadWaivers } from '../policy/waivers.js';
import type { Waiver } from '../domain/waiver.js';
import { fileStamp } from './file-stamp.js';
import { readPolicyFile } from './policy-file.js';

export interface PolicyState {
  policy: LoadedGates;
  waivers: Waiver[];
  /** Changes whenever gates.yaml or waivers.yaml changes on disk. */
  generation: number;
}

/**
 * gates.yaml and waivers.yaml, re-read when their mtime or size changes (checked at most
 * every `recheckMs`), so an edited policy takes effect without a restart. A file that turns
 * invalid keeps the last good state in a running server and is reported; it never falls open.
 */
export class PolicySource {
  private state: PolicyState | undefined;
  private stamp = '';
  private checkedAt = 0;
  private lastError: PolicyError | undefined;

  /**
   * `names` are how the files are called in messages: relative to the installation, since
   * `/readyz` and decision reasons reach unauthenticated clients (no absolute server paths).
   */
  constructor(
    readonly gatesFile: string,
    readonly waiversFile: string,
    private readonly recheckMs = 1000,
    readonly names: { gates: string; waivers: string } = { gates: gatesFile, waivers: waiversFile },
  ) {}

  current(): PolicyState {
    const t = performance.now();
    if (this.state && t - this.checkedAt < this.recheckMs) return this.state;
    this.checkedAt = t;
    const stamp = `${fileStamp(this.gatesFile)}|${fileStamp(this.waiversFile)}`;
    if (this.state && stamp === this.stamp) return this.state;
    try {
      const text = readGates(this.gatesFile, this.names.gates);
      const policy = loadGates(text, this.names.gates);
      const waiversBytes =
        fileStamp(this.waiversFile) === 'absent' ? undefined : readPolicyFile(this.waiversFile, this.names.waivers);
      const waivers =
        waiversBytes === undefined ? [] : loadWaivers(waiversBytes, this.names.waivers, policy.gates.waivers.max_ttl);
      this.state = { policy, waivers, generation: (this.state?.generation ?? 0) + 1 };
      this.stamp = stamp;
      this.lastError = undefined;
    } catch (e) {
      if (!this.state || !(e instanceof PolicyError)) throw e;
      this.lastError = e;
    }
    return this.state;
  }

  /** A policy file changed into something invalid; the last good policy is still in force. */
  get staleError(): PolicyError | undefined {
    return this.lastError;
  }
}

function readGates(file: string, name: string): Uint8Array {
  return readPolicyFile(file, name, `${name} not found; run mc init to create it`);
}
