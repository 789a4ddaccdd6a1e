/** What an HTTP(S) advisory source answered last time it was synced: its cache validators. */
export interface SourceValidators {
  etag?: string;
  lastModified?: string;
}

/**
 * Validators per source URL, saved only once what the response carried is committed: a tick that
 * fails after the download must not make the next request a 304 for records never written.
 */
export interface SourceValidatorsRepository {
  get(url: string): Promise<SourceValidators | undefined>;
  save(url: string, validators: SourceValidators, now: Date): Promise<void>;
}
