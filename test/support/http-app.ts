import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import type { TestEngine } from './engines.js';
import { testInstallation } from './installation.js';
import { makeWorkspace } from './workspace.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` } as const;

export interface TestApp {
  app: FastifyInstance;
  store: ReleaseStore;
  /** The port when started with `listen`, for tests that need a real socket. */
  port: number;
  close(): Promise<void>;
}

/** `mc serve`'s app with every route module over a fresh database of `engine`, at a fixed clock. */
export async function startTestApp(
  engine: TestEngine,
  opts: { listen?: boolean; bodyLimitBytes?: number; timeouts?: AppOptions['timeouts'] } = {},
): Promise<TestApp> {
  const now = () => new Date('2026-11-22T10:00:00Z');
  const ws = makeWorkspace();
  const store = await ReleaseStore.open((await engine.create()).engine, now);
  const { app } = buildApp({
    services: testInstallation(ws, store, now, {}),
    apiTokens: [TEST_TOKEN],
    bodyLimitBytes: opts.bodyLimitBytes ?? 1024 * 1024,
    ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
  });
  let port = 0;
  if (opts.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  }
  return {
    app,
    store,
    port,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
