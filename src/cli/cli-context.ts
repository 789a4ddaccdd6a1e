import { openInstallation, type Installation } from '../app/installation.js';
import { clockOf, resolveConfig, type Config } from '../config/config.js';
import type { Clock } from '../domain/clock.js';

/**
 * What a CLI command works with: the installation of the working directory (MC_* settings read
 * once, here, from the process environment). Kept as a name of its own for the commands.
 */
export type CliContext = Installation;

/** The configuration of this invocation: flags > MC_* environment > defaults; a bad value is a ConfigError (exit 2). */
export function cliConfig(overrides: Partial<Config> = {}): Config {
  return resolveConfig(process.env, overrides);
}

/** The clock of this invocation: MC_NOW when set (validated with the rest of the configuration). */
export function cliClock(): Clock {
  return clockOf(cliConfig());
}

export async function openContext(overrides: Partial<Config> = {}): Promise<CliContext> {
  const config = cliConfig(overrides);
  return openInstallation(config, clockOf(config));
}
