import type { RouteModule } from './route-context.js';

/** GET /healthz (the process answers), /readyz (store and policy; 503 when either is not), /metrics (Prometheus). */
export const healthRoutes: RouteModule = ({ app, gate, metrics, guard, access }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const { ok, store, policy } = await gate.readiness();
    const rules = access?.readiness();
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ready' : 'not ready', store, policy, ...(rules ? { access: rules } : {}) });
  });
  // Public only when configured so (MC_METRICS_PUBLIC); otherwise a read like any other.
  app.get('/metrics', { onRequest: guard('read_decisions') }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
};
