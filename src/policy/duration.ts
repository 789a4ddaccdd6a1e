import { PolicyError } from './policy-error.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
export const DURATION_PATTERN = '^[0-9]+(s|m|h|d|w)$';
/** A duration greater than zero (a TTL: `0d` would be expired when created). */
export const POSITIVE_DURATION_PATTERN = '^[0-9]*[1-9][0-9]*(s|m|h|d|w)$';

/** Parses `30d`, `4h`, `90m` into milliseconds. One unit only, so a TTL reads unambiguously. */
export function parseDuration(text: string, field = 'duration'): number {
  const m = /^([0-9]{1,9})(s|m|h|d|w)$/.exec(text);
  if (!m)
    throw new PolicyError('DURATION_INVALID', `${field}: "${text}" is not a duration like 30d, 4h or 90m`, {
      path: field,
    });
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
