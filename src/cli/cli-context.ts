import { openInstallation, type Installation } from '../app/installation.js';
import { clockOf, fixedNowFromEnv, resolveConfig, type Config } from '../config/config.js';
import type { Clock } from '../domain/clock.js';

/**
 * What a CLI command works with: the installation of the working directory (MC_* settings read
 * once, here, from the process environment). Kept as a name of its own for the commands.
 */
export type CliContext = Installation;

/** The configuration of this invocation: MC_* environment > defaults; a bad value is a ConfigError (exit 2). */
export function cliConfig(): Config {
  return resolveConfig(process.env);
}

/**
 * The clock of a command that opens no installation (`mc vuln match`, `mc trust verify`, …): MC_NOW
 * only, so settings such a command never uses (tokens, database URL) cannot fail it.
 */
export function cliClock(): Clock {
  return clockOf({ fixedNow: fixedNowFromEnv(process.env) });
}

export async function openContext(): Promise<CliContext> {
  return openInstallation(cliConfig());
}
