// A registry exchange recorded in the OCI Distribution Spec 1.1 wire format, served by a loopback
// node:http server: Bearer token challenges (distribution token spec), the referrers API with
// Link pagination and OCI-Filters-Applied, and the misbehaviours a client must refuse (digest
// mismatches, HTML, oversized manifests, rate limits, a blob redirected to another host).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}
export type Route = (req: IncomingMessage, url: URL, body: Buffer) => Exchange | undefined;

export interface RecordedRegistry {
  host: string;
  port: number;
  /** Every request seen: method, path with query, Authorization header. */
  log: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}

/** Serves `routes` in order (first answer wins); anything unrouted is the spec's 404 error body. */
export async function recordedRegistry(routes: (self: { host: string }) => Route[]): Promise<RecordedRegistry> {
  const log: RecordedRegistry['log'] = [];
  const self = { host: '' };
  let table: Route[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${self.host}`);
    log.push({
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = Buffer.concat(chunks);
      const answer = table.map((r) => r(req, url, received)).find((a) => a !== undefined) ?? {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }),
      };
      if (answer.status === 0) return; // a registry that never answers
      const body =
        answer.body === undefined
          ? undefined
          : typeof answer.body === 'string'
            ? Buffer.from(answer.body)
            : Buffer.from(answer.body);
      res.writeHead(answer.status, { ...(body ? { 'content-length': String(body.length) } : {}), ...answer.headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  self.host = `127.0.0.1:${port}`;
  table = routes(self);
  return {
    host: self.host,
    port,
    log,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
