import { BaseError, type ErrorOptions } from '../domain/errors.js';

export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_CONFIG_INVALID' | 'NOT_FOUND' | 'MIGRATION_FAILED';

export class StoreError extends BaseError<StoreErrorCode> {
  constructor(code: StoreErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, code === 'NOT_FOUND' ? 'not-found' : 'unavailable');
  }
}
