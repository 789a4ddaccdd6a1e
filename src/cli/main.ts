#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quietOnClosedStdout } from './quiet-on-closed-stdout.js';
import { registerAccess } from './commands/access-command.js';
import { registerAdvisories } from './commands/advisories-command.js';
import { registerApprovals } from './commands/approvals-command.js';
import { registerBypass } from './commands/bypass-command.js';
import { registerDemo } from './commands/demo-command.js';
import { registerDigest } from './commands/digest-command.js';
import { registerEvents } from './commands/events-command.js';
import { registerAttest } from './commands/attest-command.js';
import { registerEvidencePack } from './commands/evidence-pack-command.js';
import { registerIngest } from './commands/ingest-command.js';
import { registerInit } from './commands/init-command.js';
import { registerLedger } from './commands/ledger-command.js';
import { registerLineage } from './commands/lineage-command.js';
import { registerPolicyCommands } from './commands/policy-commands.js';
import { registerRevoke } from './commands/revoke-command.js';
import { registerRolloutStatus } from './commands/rollout-status-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerShow } from './commands/show-command.js';
import { registerTrust } from './commands/trust-command.js';
import { registerVerify } from './commands/verify-command.js';
import { registerVuln } from './commands/vuln-command.js';
import { registerWaivers } from './commands/waivers-command.js';
import { registerWatch } from './commands/watch-command.js';
import { EXIT, printJson, reportError } from './cli-output.js';

export function buildProgram(): Command {
  const program = new Command('mc')
    .description('Maestro Conductor: decide per environment whether an artifact may be promoted, and prove it')
    .version('0.1.0')
    .showHelpAfterError('(run mc <command> --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 success/allow, 1 deny or verification failure, 2 usage or input error.
Environment: MC_HOME (state dir, default ./.mc), MC_DATABASE_URL (postgres://…; default embedded SQLite),
  MC_API_TOKENS / MC_API_TOKENS_FILE (bearer tokens for mutating endpoints), MC_BODY_LIMIT (bytes),
  MC_SQLITE_SYNCHRONOUS (NORMAL | FULL), MC_TRUST_POLICY (default SECURITY/trust-policy.yaml),
  MC_PROMETHEUS_URL (for the slo_burn_rate gate), MC_NOW (pin the clock, ISO 8601).

Quick start:
  mc init --profile starter        (prod enforces SBOM, vulnerabilities, not revoked; mc init --help)
  mc ingest sha256:<digest> --name registry.example/acme/api --sbom sbom.cdx.json --scan osv.json
  mc verify sha256:<digest> --env prod
  mc demo                          (a whole sample release, signed provenance included)
`,
  );
  registerInit(program);
  registerIngest(program);
  registerVerify(program);
  registerPolicyCommands(program);
  registerShow(program);
  registerServe(program);
  registerAccess(program);
  registerRolloutStatus(program);
  registerLedger(program);
  registerAttest(program);
  registerEvidencePack(program);
  registerTrust(program);
  registerAdvisories(program);
  registerVuln(program);
  registerWaivers(program);
  registerApprovals(program);
  registerBypass(program);
  registerRevoke(program);
  registerLineage(program);
  registerEvents(program);
  registerWatch(program);
  registerDemo(program);
  registerDigest(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end "successfully"; every other commander error is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.ok;
      // commander has already written the human message to stderr; a --json caller also gets the error shape on stdout.
      if (json) printJson({ error: { code: 'USAGE', message: e.message.replace(/^error: /, '') } });
      return EXIT.input;
    }
    return reportError(e, json);
  }
}

const isEntry = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  quietOnClosedStdout();
  const code = await main(process.argv.slice(2));
  if (!process.argv.slice(2).includes('serve') || code !== 0) process.exitCode = code;
  // serve keeps running; every other command ends when its work is done.
}
