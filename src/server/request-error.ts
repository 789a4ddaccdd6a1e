import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

export type RequestErrorCode =
  | 'BODY_MISSING' // a JSON route got no body
  | 'MALFORMED_JSON' // not JSON text (RFC 8259)
  | 'JSON_INVALID_UTF8' // the body is not UTF-8 (RFC 8259 §8.1)
  | 'JSON_DUPLICATE_KEY' // an object names a member twice (path says which)
  | 'JSON_INVALID_UNICODE' // a \u escape leaves a lone surrogate
  | 'JSON_TOO_DEEP' // nesting beyond the reader's depth limit
  | 'CONTROL_CHARACTER' // a control character in a JSON string, path parameter or query value
  | 'CONTENT_TYPE_UNSUPPORTED' // a JSON route got another media type (415)
  | 'METHOD_NOT_ALLOWED' // the path exists, the method does not (405, with Allow)
  | 'ROUTE_NOT_FOUND'; // no route takes the path

const KIND: Record<RequestErrorCode, ErrorKind> = {
  BODY_MISSING: 'malformed',
  MALFORMED_JSON: 'malformed',
  JSON_INVALID_UTF8: 'malformed',
  JSON_DUPLICATE_KEY: 'malformed',
  JSON_INVALID_UNICODE: 'malformed',
  JSON_TOO_DEEP: 'malformed',
  CONTROL_CHARACTER: 'malformed',
  CONTENT_TYPE_UNSUPPORTED: 'unsupported',
  METHOD_NOT_ALLOWED: 'not-found',
  ROUTE_NOT_FOUND: 'not-found',
};

/** What is wrong with an HTTP request as such, before any use case sees it. */
export class RequestError extends BaseError<RequestErrorCode> {
  constructor(code: RequestErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, kind: options.kind ?? KIND[code] });
  }
}
