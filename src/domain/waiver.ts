/** A time-boxed, owned exception: findings its selector matches do not block while it is active. */
export interface Waiver {
  id: string;
  advisory?: string;
  digest?: string;
  purl?: string;
  owner: string;
  reason: string;
  /** ISO 8601 */
  created: string;
  /** ISO 8601; created + ttl, capped by gates.yaml waivers.max_ttl. */
  expires: string;
  source: 'file' | 'api';
}
