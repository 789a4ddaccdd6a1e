import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../error-response.js';

/**
 * Node's HTTP parser rejects some requests before fastify sees them (headers too large,
 * headers or body too slow, a request line that is not HTTP); fastify's default answer to
 * those is `{"error":"Bad Request","statusCode":400}`. This writes the one error shape instead.
 * Like Node's own handler, it writes only when no answer has started on the socket.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'the request did not arrive in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'the request headers are too large']
        : [400, 'BAD_REQUEST', 'the request is not valid HTTP/1.1'];
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** fastify's `frameworkErrors`: a URL it cannot decode, and the like, in the one error shape. */
export function frameworkErrorHandler(err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(err);
  void reply.code(status).send(body);
}
