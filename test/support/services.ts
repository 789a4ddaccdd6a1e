import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether a binary is on PATH; with CI=true a missing one fails instead of skipping. */
export function requireBinary(name: string): { available: boolean; skip: string | false } {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found && process.env.CI === 'true')
    throw new Error(`${name} is not installed (required when CI=true; scripts/services.sh installs it)`);
  return {
    available: found,
    skip: found
      ? false
      : `skipped: ${name} is not installed (INSTALL=1 bash scripts/services.sh installs it; CI=true makes this a failure)`,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
