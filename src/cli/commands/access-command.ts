import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { lintAccessText } from '../../access/access-policy.js';
import { ACCESS_SCHEMA } from '../../access/access-schema.js';
import { checkAccess } from '../../app/identity/access-check.js';
import { readPolicyFile } from '../../app/policy-file.js';
import { formatIssue } from '../../policy/policy-error.js';
import { cliConfig, openContext } from '../cli-context.js';
import { EXIT, ExitRequest, printJson } from '../cli-output.js';

/** `mc access check|lint|schema|hash-token`: access.yaml, explained. */
export function registerAccess(program: Command): void {
  const access = program.command('access').description('who may do what: policy/data/access.yaml and the tokens file');
  access
    .command('check')
    .description('explain the decision for a principal, an action and a resource (exit 0 allow, 1 deny)')
    .requiredOption('--as <who>', 'a tokens-file label, "cli", or roles and team like ci+auditor@payments')
    .requiredOption(
      '--action <action>',
      'ingest, verify, read_evidence, read_decisions, waive, revoke, approve, bypass, admin',
    )
    .option('--env <env>', 'the environment acted in')
    .option('--digest <digest>', 'the artifact acted on (its team comes from its stored name)')
    .option('--json', 'print the decision and its trace as JSON')
    .action(async (opts: { as: string; action: string; env?: string; digest?: string; json?: boolean }) => {
      const ctx = await openContext();
      try {
        const r = await checkAccess(ctx.access, ctx.config, opts);
        if (opts.json) printJson(r);
        else {
          const on = [
            r.resource.env && `env ${r.resource.env}`,
            r.resource.digest,
            r.resource.teams && `team ${r.resource.teams.join(',') || '(none)'}`,
          ]
            .filter(Boolean)
            .join(', ');
          console.log(
            `${r.allow ? 'allow' : 'deny'}: ${r.subject.label} [${r.subject.roles.join(', ')}] ${r.action}${on ? ` on ${on}` : ''}`,
          );
          if (r.note) console.log(`  ${r.note}`);
          if (r.rule) console.log(`  decided by rule ${r.rule}`);
          else if (!r.note)
            console.log(`  no rule allows it (deny by default)${r.scopeRequired ? `; name a ${r.scopeRequired}` : ''}`);
          for (const t of r.trace) console.log(`  ${t.matched ? '✓' : '·'} ${t.rule} (${t.effect}): ${t.because}`);
          if (r.stepUp) console.log('  over HTTP it also needs a WebAuthn step-up (a recent assertion)');
        }
        throw new ExitRequest(r.allow ? EXIT.ok : EXIT.deny);
      } finally {
        await ctx.close();
      }
    });
  access
    .command('lint')
    .description('check access.yaml: every problem with file:line:column (exit 2 on errors)')
    .option('--file <file>', 'access file (default policy/data/access.yaml, or MC_ACCESS_POLICY)')
    .option('--json', 'print the issues as JSON')
    .action((opts: { file?: string; json?: boolean }) => {
      const file = opts.file ?? cliConfig().identity.accessFile;
      const { issues, policy } = lintAccessText(readPolicyFile(file, file), file);
      const errors = issues.filter((i) => i.severity === 'error').length;
      if (opts.json)
        printJson({ ok: errors === 0, file, issues, ...(policy ? { accessPolicyHash: policy.hash } : {}) });
      else if (issues.length === 0) console.log(`${file}: ok (${policy?.hash})`);
      else for (const i of issues) console.log(formatIssue(i));
      throw new ExitRequest(errors > 0 ? EXIT.input : EXIT.ok);
    });
  access
    .command('schema')
    .description('print the JSON Schema of access.yaml')
    .action(() => printJson(ACCESS_SCHEMA));
  access
    .command('hash-token')
    .description('read a token on stdin, print its sha256 for the tokens file (the token itself is never stored)')
    .action(async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      const token = Buffer.concat(chunks).toString('utf8').trim();
      if (token.length < 16) {
        process.stderr.write('mc access hash-token: the token must be at least 16 characters\n');
        throw new ExitRequest(EXIT.input);
      }
      console.log(createHash('sha256').update(token).digest('hex'));
    });
}
