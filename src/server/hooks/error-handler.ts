import type { FastifyInstance } from 'fastify';
import { toErrorResponse } from '../error-response.js';

/** What a route or hook throws, answered in the one error shape with the status error-response.ts maps. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { status, body, internal } = toErrorResponse(err);
    if (internal) req.log.error({ err }, 'internal error');
    // Refused before its body was read (token, media type, size): close the connection rather
    // than let the client stream a body we would only read to discard.
    if (!req.raw.complete) void reply.header('connection', 'close');
    void reply.code(status).send(body);
  });
}
