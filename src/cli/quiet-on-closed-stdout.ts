import { EXIT } from './cli-output.js';

/**
 * A reader that went away (`mc show … --json | head`) makes stdout fail with EPIPE. That is not
 * an error of ours: the rest of the output is dropped quietly (Node discards writes to a closed
 * stream) and the command still ends with its own exit code, so a deny piped into `head` stays
 * exit 1 under `set -o pipefail`. Any other stdout failure is said once, without a stack.
 */
export function quietOnClosedStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    process.stderr.write(`mc: cannot write the output: ${e.code ?? e.message}\n`);
    process.exitCode = EXIT.deny;
  });
}
