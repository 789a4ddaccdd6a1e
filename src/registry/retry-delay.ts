/**
 * How long to wait before retry number `attempt` (0-based): the server's Retry-After when it gives
 * one (delay-seconds or an HTTP-date, RFC 9110 §10.2.3), else exponential backoff; capped either way
 * so a hostile or confused registry cannot park the client.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null,
  baseMs: number,
  maxMs: number,
  now: Date,
): number {
  if (retryAfter !== null) {
    const trimmed = retryAfter.trim();
    if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, maxMs);
    const at = Date.parse(trimmed);
    if (Number.isFinite(at)) return Math.min(Math.max(at - now.getTime(), 0), maxMs);
  }
  return Math.min(baseMs * 2 ** attempt, maxMs);
}
