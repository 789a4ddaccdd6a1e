import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Clock } from '../../domain/clock.js';
import type { ApprovalStore, StoredApprovalKey } from '../../store/approval-store.js';

/** Approval tokens live at most 30 minutes: a retired key stays published this long after its successor. */
export const APPROVAL_TOKEN_MAX_LIFETIME_MS = 30 * 60 * 1000;
const RETIRED_PUBLISHED_MS = APPROVAL_TOKEN_MAX_LIFETIME_MS + 5 * 60 * 1000;
export const APPROVAL_KEY_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  alg: string;
  key: CryptoKey;
}

/**
 * The installation's approval-token keys (ES256), kept in the store so every replica verifies what
 * another minted. The newest key signs; `rotate` adds a new one and retires the old, which stays in
 * the JWKS until every token it signed has expired.
 */
export class ApprovalKeys {
  constructor(
    private readonly store: ApprovalStore,
    private readonly clock: Clock,
  ) {}

  /** The signing key, created on first use. */
  async signer(): Promise<SigningKey> {
    const current = (await this.store.keys()).find((k) => !k.retiredAt) ?? (await this.create());
    return {
      kid: current.kid,
      alg: current.alg,
      key: (await importJWK(JSON.parse(current.privateJwk), current.alg)) as CryptoKey,
    };
  }

  /** A new signing key; the previous ones are retired now (still published for the tokens they signed). */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const live = (await this.store.keys()).filter((k) => !k.retiredAt);
    const at = this.clock().toISOString();
    const k = await this.create(live.map((l) => ({ kid: l.kid, at })));
    return { kid: k.kid, retired: live.map((l) => l.kid) };
  }

  /** The published key set (`/.well-known/jwks.json`): live keys and those retired within a token lifetime. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const now = this.clock().getTime();
    const keys = (await this.store.keys()).filter(
      (k) => !k.retiredAt || now - Date.parse(k.retiredAt) < RETIRED_PUBLISHED_MS,
    );
    return { keys: keys.map((k) => JSON.parse(k.publicJwk) as JWK) };
  }

  private async create(retire: ReadonlyArray<{ kid: string; at: string }> = []): Promise<StoredApprovalKey> {
    const { privateKey, publicKey } = await generateKeyPair(APPROVAL_KEY_ALG, { extractable: true });
    const kid = randomBytes(12).toString('base64url');
    const meta = { kid, alg: APPROVAL_KEY_ALG, use: 'sig' };
    const key: StoredApprovalKey = {
      kid,
      alg: APPROVAL_KEY_ALG,
      privateJwk: JSON.stringify({ ...(await exportJWK(privateKey)), ...meta }),
      publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), ...meta }),
      createdAt: this.clock().toISOString(),
    };
    await this.store.addKey(key, retire);
    return key;
  }
}
