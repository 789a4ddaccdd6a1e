import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './shared-data.js';
import { freePort, waitFor } from './services.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const tsx = () => ['--import', import.meta.resolve('tsx'), main];

/** `mc …` from the sources (no build needed), in `cwd` with `env`. */
export function runMc(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...tsx(), ...args], { cwd, env, encoding: 'utf8' });
}

/** Starts `mc serve` on a free port and waits until /healthz answers; the caller kills it. */
export async function startServe(cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...tsx(), 'serve', '--port', String(port)], { cwd, env, stdio: 'ignore' });
  await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined), 'mc serve');
  return { child, port };
}
