import type { FastifyRequest } from 'fastify';
import { RequestError } from '../request-error.js';

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * onRequest, every route: a percent-decoded path parameter or query value (attacker-controlled)
 * holding a control character is a 400 naming it. Such values are never legitimate ids, digests,
 * environments or names, and PostgreSQL refuses U+0000 in text, which would otherwise surface as
 * a 500 on that engine only; refusing them here keeps both engines alike.
 */
export const rejectControlCharacters = async (req: FastifyRequest): Promise<void> => {
  check(req.params, 'params');
  check(req.query, 'query');
};

function check(values: unknown, where: string): void {
  if (values === null || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    for (const v of [name, ...(Array.isArray(value) ? value : [value])]) {
      if (typeof v === 'string' && CONTROL.test(v)) {
        throw new RequestError(
          'CONTROL_CHARACTER',
          `${where} ${JSON.stringify(name).slice(0, 80)} holds a control character`,
          { path: `${where}.${name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80)}` },
        );
      }
    }
  }
}
