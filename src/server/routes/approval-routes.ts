import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/principal.js';
import { ApprovalError } from '../../app/approvals/approval-error.js';
import { bypassReportMarkdown } from '../../app/approvals/bypass-report.js';
import { jsonRoute } from '../json-body.js';
import { APPROVAL_PAGE } from './approval-page.js';
import { AccessError } from '../../access/access-error.js';
import { projectTo } from '../../access/access-view.js';
import { DECISION_VIEW } from './artifact-routes.js';
import { BYPASS_REPORT_VIEW, BYPASS_VIEW, EXCEPTION_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

const ID_PARAMS = {
  params: {
    type: 'object',
    properties: { id: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } },
  },
};

/**
 * Approvals, exceptions, the SEV-1 bypass and WebAuthn ceremonies over HTTP. The approval page and
 * the JWKS are public (they carry no data; verifiers must fetch the keys); everything else needs a
 * principal, and its label is the actor of every record. Approving a bypass needs a WebAuthn
 * step-up at most 5 minutes old (the local CLI, which holds the store, is not asked).
 */
export const approvalRoutes: RouteModule = (ctx) => {
  const { app, gate, guard, principalOf, authorize, fields } = ctx;
  const module = ctx.approvals;
  if (!module) return;
  const { approvals, bypass, stepUp, rp, keys } = module;
  const who = (req: FastifyRequest): Principal => {
    const p = principalOf(req);
    if (!p) throw new Error(`${req.method} ${req.url}: no principal after the guard`);
    return p;
  };
  const body = (req: FastifyRequest): Record<string, unknown> => {
    const b = req.body;
    if (b === null || typeof b !== 'object' || Array.isArray(b))
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', 'the body must be a JSON object', { path: '/' });
    return b as Record<string, unknown>;
  };
  const str = (b: Record<string, unknown>, name: string): string => {
    const v = b[name];
    if (typeof v !== 'string' || v.length === 0 || v.length > 8192)
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', `${name} must be a non-empty string`, { path: `/${name}` });
    return v;
  };
  const obj = (b: Record<string, unknown>, name: string) => {
    const v = b[name];
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', `${name} must be the WebAuthn credential as JSON`, {
        path: `/${name}`,
      });
    // biome-ignore lint/suspicious/noExplicitAny: the library checks the credential's shape itself
    return v as any;
  };

  app.get('/.well-known/jwks.json', { config: { public: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=60').send(await keys.jwks()),
  );
  app.get('/approve', { config: { public: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(APPROVAL_PAGE),
  );

  app.post('/v1/webauthn/register/options', jsonRoute([guard('approve')]), async (req) =>
    rp.registrationOptions(who(req).label),
  );
  app.post('/v1/webauthn/register/verify', jsonRoute([guard('approve')]), async (req, reply) =>
    reply.code(201).send(await rp.register(who(req).label, obj(body(req), 'response'))),
  );
  app.post('/v1/webauthn/step-up/options', jsonRoute([guard('approve')]), async (req) => stepUp.options(who(req)));
  app.post('/v1/webauthn/step-up/verify', jsonRoute([guard('approve')]), async (req) =>
    stepUp.verify(who(req), obj(body(req), 'response')),
  );

  app.post('/v1/approvals/options', jsonRoute([guard('approve', { bodyResource: true })]), async (req) => {
    const b = body(req);
    const target = { digest: str(b, 'digest'), env: str(b, 'env') };
    await authorize(req, 'approve', target);
    return approvals.options(who(req), target.digest, target.env);
  });
  app.post('/v1/approvals/verify', jsonRoute([guard('approve')]), async (req) =>
    approvals.approve(who(req), obj(body(req), 'response')),
  );
  app.post('/v1/approvals/redeem', jsonRoute([guard('approve', { bodyResource: true })]), async (req, reply) => {
    const b = body(req);
    const target = { digest: str(b, 'digest'), env: str(b, 'env') };
    await authorize(req, 'approve', target);
    const approval = await approvals.redeem(str(b, 'token'), target, who(req).label);
    gate.invalidate(); // our own write: the next verify re-reads the store generation
    return reply.code(201).send(approval);
  });

  app.get('/v1/approvals/exceptions', { onRequest: guard('read_decisions') }, async (req) => {
    const visible = await fields(req, EXCEPTION_VIEW, {});
    return { exceptions: (await approvals.listExceptions()).map((e) => projectTo(e, visible)) };
  });
  app.post('/v1/approvals/exceptions', jsonRoute([guard('approve', { bodyResource: true })]), async (req, reply) => {
    const b = body(req);
    await authorize(req, 'approve', { env: str(b, 'env') }, { stepUp: true });
    const created = await approvals.addException(b, who(req).label);
    gate.invalidate();
    return reply.code(201).send(created);
  });
  app.delete<{ Params: { id: string } }>(
    '/v1/approvals/exceptions/:id',
    { onRequest: guard('approve'), schema: ID_PARAMS },
    async (req, reply) => {
      await approvals.removeException(req.params.id, who(req).label);
      gate.invalidate();
      return reply.code(204).send();
    },
  );

  app.post('/v1/bypasses', jsonRoute([guard('bypass', { bodyResource: true })]), async (req, reply) => {
    const b = body(req);
    await authorize(req, 'bypass', { digest: str(b, 'digest'), env: str(b, 'env') });
    const created = await bypass.request(b, who(req));
    return reply.code(201).send({ ...created, approveUrl: bypass.approveUrl(created.id) });
  });
  app.post<{ Params: { id: string } }>(
    '/v1/bypasses/:id/approve',
    { ...jsonRoute([guard('bypass')]), schema: ID_PARAMS },
    async (req) => {
      const approved = await bypass.approve(req.params.id, str(body(req), 'role'), who(req), { stepUp: true });
      gate.invalidate();
      return approved;
    },
  );
  app.get<{ Params: { id: string } }>(
    '/v1/bypasses/:id',
    { onRequest: guard('read_decisions'), schema: ID_PARAMS },
    async (req) => {
      const b = await bypass.status(req.params.id);
      return projectTo(b, await fields(req, BYPASS_VIEW, { digest: b.digest, env: b.env }));
    },
  );
  app.get<{ Params: { id: string }; Querystring: { format?: string } }>(
    '/v1/bypasses/:id/report',
    {
      onRequest: guard('read_decisions'),
      schema: {
        ...ID_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { enum: ['json', 'markdown'] } },
        },
      },
    },
    async (req, reply) => {
      const report = await bypass.report(req.params.id);
      const ref = { digest: report.bypass.digest, env: report.bypass.env };
      const [outer, inner, decided] = [
        await fields(req, BYPASS_REPORT_VIEW, ref),
        await fields(req, BYPASS_VIEW, ref),
        await fields(req, DECISION_VIEW, ref),
      ];
      if (req.query.format === 'markdown') {
        // Markdown renders every field: a principal whose views hide any of them reads the JSON.
        const hidden = [
          [outer, BYPASS_REPORT_VIEW],
          [inner, BYPASS_VIEW],
          [decided, DECISION_VIEW],
        ] as const;
        if (hidden.some(([v, spec]) => v !== undefined && Object.keys(spec.fields).some((f) => !v.includes(f))))
          throw new AccessError(
            'ACCESS_DENIED',
            'this principal does not see every field of the report; ask ?format=json',
          );
        return reply.type('text/markdown; charset=utf-8').send(bypassReportMarkdown(report));
      }
      return projectTo(
        { bypass: projectTo(report.bypass, inner), decisions: report.decisions.map((d) => projectTo(d, decided)) },
        outer,
      );
    },
  );
};
