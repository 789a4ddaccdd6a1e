import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

export type WaiverErrorCode =
  | 'WAIVER_INVALID' // the request does not match the waiver schema (path says where)
  | 'WAIVER_TTL_TOO_LONG' // ttl over gates.yaml waivers.max_ttl
  | 'WAIVER_NOT_FOUND'
  | 'WAIVER_IN_FILE'; // a file waiver cannot be removed through the API: edit policy/waivers.yaml

const KIND: Record<WaiverErrorCode, ErrorKind> = {
  WAIVER_INVALID: 'invalid',
  WAIVER_TTL_TOO_LONG: 'invalid',
  WAIVER_NOT_FOUND: 'not-found',
  WAIVER_IN_FILE: 'conflict',
};

export class WaiverError extends BaseError<WaiverErrorCode> {
  constructor(code: WaiverErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, kind: options.kind ?? KIND[code] });
  }
}
