import type { Decision, Reason } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { Profile } from '../policy/gates-schema.js';
import type { AdmissionAnswer } from './admission-response.js';
import type { ImageReference } from './image-reference.js';
import type { ContainerImage } from './pod-images.js';

/**
 * How an environment treats what mc cannot judge by digest (a tag-only image): `enforce` when
 * any gate of its profile is enforced, `advisory` when none is (a profile of advisory and off
 * gates only warns, so it must not deny on a tag either).
 */
export type AdmissionMode = 'enforce' | 'advisory';

export function admissionMode(profile: Profile): AdmissionMode {
  return Object.values(profile).some((g) => g?.mode === 'enforce') ? 'enforce' : 'advisory';
}

/** The verdict on one container's image. */
export interface ImageVerdict extends ContainerImage {
  digest?: Digest;
  allowed: boolean;
  /** Why it is denied (empty when allowed). */
  reasons: Reason[];
  /** Advisory failures and tag warnings, one line each, for the `warnings` of the answer. */
  warnings: string[];
}

/** Reasons quoted per denied image in status.message. */
const REASONS_PER_IMAGE = 2;
/** Denied images named in status.message; the rest are counted. */
const IMAGES_IN_MESSAGE = 10;

const shortDigest = (d: Digest): string => d.slice(0, 19);

/**
 * One container's image against the environment: a pinned image takes the decision for its
 * digest (`decision` is required then); a tag-only, missing or unreadable image cannot be
 * judged by digest, and a validating webhook cannot rewrite it to one, so it is denied under
 * enforce and warned about under advisory. mc makes no registry call on the request path.
 */
export function imageVerdict(
  c: ContainerImage,
  ref: ImageReference | undefined,
  decision: Decision | undefined,
  mode: AdmissionMode,
): ImageVerdict {
  const who = `container ${c.container}`;
  if (ref === undefined || ref.kind !== 'pinned') {
    const reason: Reason =
      ref === undefined
        ? { code: 'IMAGE_MISSING', message: `${who} names no image` }
        : ref.kind === 'invalid'
          ? { code: 'IMAGE_INVALID', message: `${ref.text} is not an image reference: ${ref.problem}` }
          : {
              code: 'IMAGE_NOT_PINNED',
              message: `${ref.text} is not pinned by digest: use ${ref.name}@sha256:<digest>`,
            };
    return mode === 'enforce'
      ? verdict(c, undefined, false, [reason], [])
      : verdict(c, undefined, true, [], [`mc: ${who}: ${reason.code} ${ref?.text ?? ''}`.trimEnd()]);
  }
  if (decision === undefined) throw new Error(`imageVerdict: no decision for ${ref.digest}`);
  const advisory = decision.gates
    .filter((g) => g.result === 'advisory-fail')
    .map((g) => `mc: ${who} (${shortDigest(ref.digest)}): ${g.gate} ${g.reasons[0]?.code ?? 'FAILED'} (advisory)`);
  if (decision.allow) return verdict(c, ref.digest, true, [], advisory);
  const reasons = decision.gates.filter((g) => g.result === 'fail').flatMap((g) => g.reasons);
  return verdict(c, ref.digest, false, reasons, advisory);
}

/**
 * Written out field by field: on Node 20 an object spread followed by more members
 * (`{ ...c, allowed }`) takes V8's slow path, microseconds per call, on the admission hot path.
 */
function verdict(
  c: ContainerImage,
  digest: Digest | undefined,
  allowed: boolean,
  reasons: Reason[],
  warnings: string[],
): ImageVerdict {
  const v: ImageVerdict = { field: c.field, container: c.container, image: c.image, allowed, reasons, warnings };
  if (digest !== undefined) v.digest = digest;
  return v;
}

/** The answer for every image of the object: denied when any image is, with each denied image and its first reasons. */
export function admissionAnswer(env: string, verdicts: readonly ImageVerdict[]): AdmissionAnswer {
  const denied = verdicts.filter((v) => !v.allowed);
  const warnings = verdicts.flatMap((v) => v.warnings);
  if (denied.length === 0) {
    const advisory = warnings.length > 0 ? `; ${warnings.length} warning(s)` : '';
    return {
      allowed: true,
      code: 200,
      message: `mc allowed ${verdicts.length} image(s) for environment ${env}${advisory}`,
      warnings,
    };
  }
  const lines = denied.slice(0, IMAGES_IN_MESSAGE).map((v) => {
    const reasons = v.reasons
      .slice(0, REASONS_PER_IMAGE)
      .map((r) => `${r.code} ${r.message.slice(0, 160)}`)
      .join('; ');
    return `${v.image ?? '(no image)'} (container ${v.container}): ${reasons}`;
  });
  const more = denied.length > IMAGES_IN_MESSAGE ? ` … and ${denied.length - IMAGES_IN_MESSAGE} more` : '';
  return {
    allowed: false,
    code: 403,
    message: `mc denied ${denied.length} of ${verdicts.length} image(s) for environment ${env}: ${lines.join(' | ')}${more}`,
    warnings,
  };
}
