import { type AccessAction, isAccessAction, ACCESS_ACTIONS } from '../../access/access-action.js';
import { AccessError } from '../../access/access-error.js';
import type { AccessDecision } from '../../access/evaluate-access.js';
import type { Config } from '../../config/config.js';
import { InputError } from '../../domain/errors.js';
import { cliPrincipal, type Principal, ROLE_NAME } from '../../domain/principal.js';
import { readInputFile } from '../input-file.js';
import type { AccessControl } from './access-control.js';
import { stepUpEnvironments } from './access-control.js';
import { parseTokensFile } from './tokens-file.js';

export interface AccessCheckInput {
  /** A tokens-file label (`ci-payments` or `token:ci-payments`), `cli`, or roles and team: `ci+auditor@payments`. */
  as: string;
  action: string;
  env?: string;
  digest?: string;
}

export interface AccessCheckResult extends AccessDecision {
  /** Whether the action would also need a recent WebAuthn assertion over HTTP. */
  stepUp: boolean;
  /** sha256 of the rules; absent when there is no access file. */
  accessPolicyHash?: string;
  /** Without an access file: how the server decides instead. */
  note?: string;
}

const WRITES_WITHOUT_RULES = 'no access rules: reads answer anyone, writes need an MC_API_TOKENS token';

/** `mc access check`: the decision access.yaml makes for a principal, an action and a resource, with why. */
export async function checkAccess(
  access: AccessControl,
  config: Config,
  input: AccessCheckInput,
): Promise<AccessCheckResult> {
  if (!isAccessAction(input.action))
    throw new AccessError('ACTION_UNKNOWN', `--action must be one of ${ACCESS_ACTIONS.join(', ')}`, {
      path: '--action',
      kind: 'malformed',
    });
  const action: AccessAction = input.action;
  const principal = principalFor(input.as, config);
  const ref = { ...(input.env ? { env: input.env } : {}), ...(input.digest ? { digest: input.digest } : {}) };
  const policy = access.policy();
  if (policy === undefined) {
    const allow = principal.roles.includes('admin') || ['verify', 'read_evidence', 'read_decisions'].includes(action);
    return {
      allow,
      action,
      subject: { label: principal.label, roles: principal.roles },
      resource: ref,
      trace: [],
      stepUp: false,
      note: WRITES_WITHOUT_RULES,
    };
  }
  const decision = await access.decide(principal, action, ref);
  const guarded = stepUpEnvironments(policy);
  const stepUp =
    decision.allow &&
    principal.kind !== 'cli' &&
    guarded.length > 0 &&
    (input.env === undefined || guarded.includes(input.env));
  return { ...decision, stepUp, accessPolicyHash: policy.hash };
}

function principalFor(who: string, config: Config): Principal {
  if (who === 'cli') return cliPrincipal('you');
  const label = who.startsWith('token:') ? who.slice(6) : who;
  if (config.identity.tokensFile) {
    const entries = parseTokensFile(
      readInputFile(config.identity.tokensFile, 4 * 1024 * 1024, 'MC_ACCESS_TOKENS_FILE'),
      'MC_ACCESS_TOKENS_FILE',
    );
    const entry = entries.find((e) => e.label === label);
    if (entry)
      return {
        label: `token:${entry.label}`,
        kind: 'token',
        roles: entry.roles,
        ...(entry.team ? { team: entry.team } : {}),
      };
  }
  const [roles = '', team, extra] = who.split('@');
  const list = roles.split('+');
  if (extra !== undefined || list.some((r) => !ROLE_NAME.test(r)) || (team !== undefined && !ROLE_NAME.test(team)))
    throw new InputError(
      'PRINCIPAL_INVALID',
      `--as ${JSON.stringify(who.slice(0, 80))} is neither a label of the tokens file nor roles like ci+auditor@payments`,
      { path: '--as' },
    );
  return { label: `as:${who}`, kind: 'token', roles: list, ...(team ? { team } : {}) };
}
