import { BaseError, type ErrorOptions } from '../domain/errors.js';

export type VulnErrorCode =
  | 'OSV_MALFORMED' // not JSON / not an object
  | 'OSV_INVALID' // fails the OSV schema (path says where)
  | 'OSV_TOO_LARGE'
  | 'ZIP_MALFORMED'
  | 'ZIP_TOO_LARGE'
  | 'VEX_MALFORMED'
  | 'VEX_INVALID'
  | 'VEX_UNSUPPORTED';

const KIND: Record<VulnErrorCode, NonNullable<ErrorOptions['kind']>> = {
  OSV_MALFORMED: 'malformed',
  OSV_INVALID: 'invalid',
  OSV_TOO_LARGE: 'too-large',
  ZIP_MALFORMED: 'malformed',
  ZIP_TOO_LARGE: 'too-large',
  VEX_MALFORMED: 'malformed',
  VEX_INVALID: 'invalid',
  VEX_UNSUPPORTED: 'unsupported',
};

/** Errors of the vulnerability domain (advisories, VEX). */
export class VulnError extends BaseError<VulnErrorCode> {
  constructor(code: VulnErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, kind: options.kind ?? KIND[code] });
  }
}
