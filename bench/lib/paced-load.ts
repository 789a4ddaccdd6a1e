import { Agent, request } from 'node:http';

/** What each request sends; a GET without a body unless given. */
export interface PacedRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Replace `[<id>]` in the body with the request's number, as autocannon's idReplacement does. */
  idReplacement?: boolean;
}

/**
 * Open-loop load at a fixed offered rate: requests are started on schedule (every 1 ms a slice
 * of the rate) whether or not earlier ones have finished, so latency includes queueing — the
 * honest way to read a p99 at "5,000 req/s" (a closed loop would slow down instead).
 */
export async function pacedLoad(
  url: string,
  ratePerSecond: number,
  seconds: number,
  connections = 50,
  warmupSeconds = 1,
  init: PacedRequest = {},
): Promise<{ sent: number; ok: number; errors: number; p50: number; p99: number; max: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const fixed = init.body === undefined ? undefined : Buffer.from(init.body);
  const bodyOf = (n: number) =>
    init.idReplacement && init.body !== undefined ? Buffer.from(init.body.replaceAll('[<id>]', String(n))) : fixed;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const warmup = ratePerSecond * warmupSeconds; // opens the connections; not measured
  const total = ratePerSecond * (seconds + warmupSeconds);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let done = 0;
    const finish = () => {
      if (++done === total) resolve();
    };
    const fire = () => {
      const t0 = performance.now();
      const body = bodyOf(sent);
      const headers = { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
      const measured = sent++ >= warmup;
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: init.method ?? 'GET',
          headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (measured) latencies.push(performance.now() - t0);
            if ((res.statusCode ?? 500) < 500) ok++;
            else errors++;
            finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * ratePerSecond));
      while (sent < due) fire();
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2));
  return { sent: sent - warmup, ok, errors, p50: q(0.5), p99: q(0.99), max: q(1) };
}
