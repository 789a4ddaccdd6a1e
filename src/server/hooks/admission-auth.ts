import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AuthError } from './auth.js';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** Who called the admission webhook: an admin token (MC_API_TOKENS) or an admission token (MC_ADMISSION_TOKENS). */
export interface AdmissionPrincipal {
  /** `token:<first 8 hex of the token's sha256>`, as every token principal is labelled. */
  label: string;
  /** `admission` opens POST /v1/admission/validate and nothing else; `admin` is an MC_API_TOKENS token. */
  role: 'admin' | 'admission';
}

/**
 * The API server authenticates to a webhook with the bearer token of the kubeconfig named in its
 * AdmissionConfiguration (`--admission-control-config-file`, plugin ValidatingAdmissionWebhook,
 * `kubeConfigFile`; the user entry matching the webhook's service, `token` or `tokenFile`). That
 * file lives on the control plane, yet a token there should still open nothing but admission:
 * MC_ADMISSION_TOKENS. Tokens are compared as SHA-256 digests with timingSafeEqual, every digest
 * of both lists each time, so neither the length, the content nor the list leaks through timing.
 */
export class AdmissionAuthenticator {
  private readonly admin: Buffer[];
  private readonly admission: Buffer[];
  private readonly principals = new WeakMap<FastifyRequest, AdmissionPrincipal>();

  constructor(apiTokens: readonly string[], admissionTokens: readonly string[]) {
    this.admin = apiTokens.map(sha256);
    this.admission = admissionTokens.map(sha256);
  }

  /** The onRequest hook of the admission route: checked before the body is read. */
  readonly requireToken = async (req: FastifyRequest): Promise<void> => {
    this.principals.set(req, this.check(req.headers.authorization));
  };

  /** The principal requireToken accepted for this request. */
  principalOf(req: FastifyRequest): AdmissionPrincipal {
    const p = this.principals.get(req);
    if (p === undefined)
      throw new Error(`principalOf: ${req.method} ${req.routeOptions.url} does not run requireToken`);
    return p;
  }

  check(authorization: string | undefined): AdmissionPrincipal {
    if (this.admin.length === 0 && this.admission.length === 0)
      throw new AuthError(
        'NO_TOKENS_CONFIGURED',
        'the admission webhook is disabled: set MC_ADMISSION_TOKENS (or MC_API_TOKENS)',
        {},
        'forbidden',
      );
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined)
      throw new AuthError(
        'TOKEN_MISSING',
        'missing "Authorization: Bearer <token>" header (the API server sends the token of its admission kubeconfig)',
        {},
        'unauthenticated',
      );
    const given = sha256(token);
    let admin = false;
    let admission = false;
    for (const d of this.admin) admin = timingSafeEqual(d, given) || admin;
    for (const d of this.admission) admission = timingSafeEqual(d, given) || admission;
    if (!admin && !admission)
      throw new AuthError('TOKEN_REJECTED', 'the bearer token is not accepted', {}, 'forbidden');
    return { label: `token:${given.toString('hex').slice(0, 8)}`, role: admin ? 'admin' : 'admission' };
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
