import type { LedgerService, SignedCheckpoint } from './ledger-service.js';

export interface CheckpointSchedule {
  /** One round: signs a checkpoint if the tree grew; undefined when the round failed. */
  tick(): Promise<SignedCheckpoint | undefined>;
  stop(): void;
}

/**
 * Signs checkpoints inside `mc serve` every `intervalMs`, only when the tree grew (the service
 * returns the stored one otherwise). Rounds never overlap; a failed round is reported and the
 * next one retries. Several replicas may sign the same size: the store keeps the first.
 */
export function startCheckpointSchedule(
  ledger: LedgerService,
  intervalMs: number,
  onEvent: (e: { signed?: SignedCheckpoint; error?: unknown }) => void = () => {},
): CheckpointSchedule {
  let running: Promise<SignedCheckpoint | undefined> | undefined;
  const tick = (): Promise<SignedCheckpoint | undefined> => {
    running ??= ledger
      .checkpoint()
      .then(
        (cp) => {
          if (cp.signed) onEvent({ signed: cp });
          return cp;
        },
        (error: unknown) => {
          onEvent({ error });
          return undefined;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : undefined;
  timer?.unref();
  return { tick, stop: () => timer && clearInterval(timer) };
}
