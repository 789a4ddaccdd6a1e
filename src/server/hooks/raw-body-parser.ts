import type { FastifyInstance } from 'fastify';

/**
 * Every request body is read as bytes: evidence bodies are raw documents of any media type, and
 * JSON routes check the media type and parse the bytes with the one strict reader (json-body.ts).
 */
export function installRawBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}
