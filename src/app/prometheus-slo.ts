import type { EvidenceSnapshot } from '../policy/evidence-snapshot.js';

/** Default burn-rate query: a recording rule per environment (see deploy/prometheus/mc-rules.yaml). */
export const DEFAULT_BURN_RATE_QUERY = 'max(slo:burn_rate:1h{env="{env}"})';

/**
 * Reads one burn-rate value over the Prometheus HTTP API (`GET /api/v1/query`, instant
 * vector). Every doubt — unreachable, non-success status, no series, NaN — is returned as
 * an error, which the gate turns into a failure (fail closed).
 */
export async function queryBurnRate(
  baseUrl: string,
  queryTemplate: string,
  vars: { digest: string; env: string },
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 3000,
): Promise<NonNullable<EvidenceSnapshot['sloBurnRate']>> {
  // PromQL string literals: escape what could break out of the quoted label value.
  const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const query = queryTemplate.replaceAll('{env}', quote(vars.env)).replaceAll('{digest}', quote(vars.digest));
  const url = new URL('/api/v1/query', baseUrl);
  url.searchParams.set('query', query);
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as {
      status?: string;
      error?: string;
      data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
    };
    if (!res.ok || body.status !== 'success')
      return { error: `Prometheus answered ${res.status}: ${body.error ?? body.status ?? 'no status'}`, query };
    if (body.data?.resultType !== 'vector' && body.data?.resultType !== 'scalar')
      return { error: `expected an instant vector, got ${body.data?.resultType}`, query };
    const raw =
      body.data.resultType === 'scalar'
        ? (body.data.result as unknown as [number, string])[1]
        : body.data.result?.[0]?.value?.[1];
    if (raw === undefined) return { error: 'the query returned no series', query };
    const value = Number(raw);
    if (!Number.isFinite(value)) return { error: `the query returned ${raw}`, query };
    return { value, query };
  } catch (e) {
    return { error: `Prometheus at ${baseUrl} unreachable: ${(e as Error).message}`, query };
  }
}
