import { createHash, randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ApprovalConfig } from '../../config/approval-settings.js';
import type { ChallengePurpose, StoredChallenge } from '../../domain/approval.js';
import type { Clock } from '../../domain/clock.js';
import type { Digest } from '../../domain/digest.js';
import type { ApprovalStore } from '../../store/approval-store.js';
import { ApprovalError } from './approval-error.js';

/** A ceremony must finish within this long of its options. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** ES256 and EdDSA credentials (COSE -7, -8). */
const ALGORITHMS = [-7, -8];

export interface VerifiedAssertion {
  challenge: StoredChallenge;
  credentialId: string;
  /** The single-use nonce the challenge embedded (approvals), base64url. */
  nonce: string;
}

/**
 * `mc` as the WebAuthn relying party (@simplewebauthn/server): registration of a principal's
 * credentials, and assertions with user verification required and the signature counter checked.
 * Each challenge is stored, bound to the principal (and for approvals to digest and environment),
 * and taken once. An approval challenge is nonce ‖ sha256(digest, env), so the authenticator's
 * signature itself covers what is being approved.
 */
export class WebAuthnRelyingParty {
  constructor(
    private readonly store: ApprovalStore,
    private readonly config: Pick<ApprovalConfig, 'rpId' | 'origins'>,
    private readonly clock: Clock,
  ) {}

  async registrationOptions(subject: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.store.credentialsOf(subject);
    const options = await generateRegistrationOptions({
      rpName: 'Maestro Conductor',
      rpID: this.config.rpId,
      userName: subject,
      attestationType: 'none',
      authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
      excludeCredentials: existing.map((c) => ({ id: c.id })),
      supportedAlgorithmIDs: ALGORITHMS,
      timeout: CHALLENGE_TTL_MS,
    });
    await this.saveChallenge(options.challenge, 'register', subject);
    return options;
  }

  async register(subject: string, response: RegistrationResponseJSON): Promise<{ credentialId: string }> {
    const { challenge, origin } = this.clientData(response?.response?.clientDataJSON);
    await this.take(challenge, 'register', subject);
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: this.config.rpId,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
    } catch (e) {
      throw ceremonyError(e);
    }
    if (!verified.verified) throw new ApprovalError('WEBAUTHN_VERIFICATION_FAILED', 'the attestation does not verify');
    const { credential } = verified.registrationInfo;
    await this.store.addCredential({
      id: credential.id,
      subject,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      createdAt: this.clock().toISOString(),
    });
    return { credentialId: credential.id };
  }

  /** Options for an assertion by `subject`'s credentials; approvals bind (digest, env) into the challenge. */
  async assertionOptions(
    subject: string,
    purpose: Exclude<ChallengePurpose, 'register'>,
    binding?: { digest: Digest; env: string },
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const credentials = await this.store.credentialsOf(subject);
    if (credentials.length === 0)
      throw new ApprovalError(
        'WEBAUTHN_CREDENTIAL_UNKNOWN',
        `${subject} has no registered WebAuthn credential: register one on the approval page first`,
        { kind: 'invalid' },
      );
    const nonce = randomBytes(16);
    const bound = binding ? bindingHash(binding.digest, binding.env) : randomBytes(32);
    const bytes = Buffer.concat([nonce, bound]);
    const challenge = bytes.toString('base64url');
    await this.saveChallenge(challenge, purpose, subject, binding);
    return generateAuthenticationOptions({
      rpID: this.config.rpId,
      // Bytes: a string would be taken as UTF-8 text and encoded again.
      challenge: new Uint8Array(bytes),
      allowCredentials: credentials.map((c) => ({ id: c.id, transports: c.transports })),
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
  }

  /** Verifies an assertion against its stored challenge (taken once) and advances the credential's counter. */
  async verifyAssertion(
    subject: string,
    purpose: Exclude<ChallengePurpose, 'register'>,
    response: AuthenticationResponseJSON,
  ): Promise<VerifiedAssertion> {
    const { challenge, origin } = this.clientData(response?.response?.clientDataJSON);
    const stored = await this.take(challenge, purpose, subject);
    const credential = typeof response.id === 'string' ? await this.store.credential(response.id) : undefined;
    if (!credential || credential.subject !== subject)
      throw new ApprovalError('WEBAUTHN_CREDENTIAL_UNKNOWN', `the assertion's credential is not one of ${subject}'s`);
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: this.config.rpId,
        credential: {
          id: credential.id,
          publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
          counter: credential.counter,
        },
        requireUserVerification: true,
      });
    } catch (e) {
      throw ceremonyError(e);
    }
    if (!verified.verified) throw new ApprovalError('WEBAUTHN_VERIFICATION_FAILED', 'the assertion does not verify');
    // Compare-and-set: of two assertions with the same counter (a cloned authenticator), one loses.
    if (!(await this.store.advanceCounter(credential.id, credential.counter, verified.authenticationInfo.newCounter)))
      throw new ApprovalError(
        'WEBAUTHN_COUNTER_REPLAYED',
        'the signature counter did not advance: a cloned or replayed authenticator',
      );
    const nonce = Buffer.from(challenge, 'base64url').subarray(0, 16).toString('base64url');
    return { challenge: stored, credentialId: credential.id, nonce };
  }

  /** The challenge and origin the browser put in clientDataJSON (attacker-controlled: checked, then verified by the library). */
  private clientData(encoded: unknown): { challenge: string; origin: string } {
    let parsed: { challenge?: unknown; origin?: unknown };
    try {
      if (typeof encoded !== 'string' || encoded.length > 16_384) throw new Error('not a string');
      parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch {
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', 'response.clientDataJSON must be base64url JSON');
    }
    const { challenge, origin } = parsed;
    if (typeof challenge !== 'string' || typeof origin !== 'string')
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', 'clientDataJSON lacks challenge or origin');
    if (!this.originAllowed(origin))
      throw new ApprovalError(
        'WEBAUTHN_ORIGIN_REJECTED',
        `origin ${JSON.stringify(origin.slice(0, 200))} is not the approval page's (RP ID ${this.config.rpId})`,
      );
    return { challenge, origin };
  }

  private originAllowed(origin: string): boolean {
    if (this.config.origins.length > 0) return this.config.origins.includes(origin);
    try {
      const url = new URL(origin);
      return url.origin === origin && /^https?:$/.test(url.protocol) && url.hostname === this.config.rpId;
    } catch {
      return false;
    }
  }

  private async saveChallenge(
    id: string,
    purpose: ChallengePurpose,
    subject: string,
    binding?: { digest: Digest; env: string },
  ): Promise<void> {
    const now = this.clock();
    await this.store.addChallenge({
      id,
      purpose,
      subject,
      ...(binding ?? {}),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
    });
  }

  private async take(id: string, purpose: ChallengePurpose, subject: string): Promise<StoredChallenge> {
    const c = await this.store.takeChallenge(id, purpose, subject, this.clock());
    if (!c)
      throw new ApprovalError(
        'WEBAUTHN_CHALLENGE_UNKNOWN',
        `no live ${purpose} challenge of ${subject} matches: it was used, expired, or never issued`,
      );
    return c;
  }
}

/** What an approval challenge binds besides its nonce. */
export function bindingHash(digest: Digest, env: string): Buffer {
  return createHash('sha256').update(`mc-approval\u0000${digest}\u0000${env}`).digest();
}

function ceremonyError(e: unknown): ApprovalError {
  const m = (e as Error)?.message ?? String(e);
  if (/user verification|user could not be verified/i.test(m))
    return new ApprovalError('WEBAUTHN_USER_NOT_VERIFIED', m);
  if (/counter/i.test(m)) return new ApprovalError('WEBAUTHN_COUNTER_REPLAYED', m);
  return new ApprovalError('WEBAUTHN_VERIFICATION_FAILED', m, { cause: e });
}
