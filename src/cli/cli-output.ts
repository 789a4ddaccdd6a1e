import { isBaseError, type ErrorKind } from '../domain/errors.js';
import { PolicyError, formatIssue } from '../policy/policy-error.js';

/** Exit codes (DESIGN.md): 0 success/allow, 1 deny or verification failure, 2 usage or input error. */
export const EXIT = { ok: 0, deny: 1, input: 2 } as const;

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  malformed: 2,
  invalid: 2,
  unsupported: 2,
  'not-found': 2,
  'too-large': 2,
  unauthenticated: 1,
  forbidden: 1,
  conflict: 1,
  verification: 1,
  unavailable: 1,
  internal: 1,
};

/** Thrown by commands to end with a given exit code after printing. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** The one place errors become exit codes and stderr text (or JSON with --json). */
export function reportError(e: unknown, json: boolean): number {
  if (e instanceof ExitRequest) return e.exitCode;
  if (isBaseError(e)) {
    const exit = EXIT_BY_KIND[e.kind];
    if (json)
      process.stdout.write(
        JSON.stringify(
          { error: e.toJSON(), ...(e instanceof PolicyError && e.issues.length ? { issues: e.issues } : {}) },
          null,
          2,
        ) + '\n',
      );
    process.stderr.write(`mc: error ${e.code}: ${e.message}\n`);
    if (e instanceof PolicyError) for (const i of e.issues) process.stderr.write(`  ${formatIssue(i)}\n`);
    return exit;
  }
  process.stderr.write(`mc: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}
