import type { AdmissionEnvelope } from './admission-request.js';

/** What mc answers: the verdict, the status code and message the API server hands to the client, warnings. */
export interface AdmissionAnswer {
  allowed: boolean;
  /** metav1.Status code: 200 allowed; 403 denied by policy; 400 a review mc cannot judge; 503 mc cannot decide now. */
  code: number;
  message: string;
  warnings: readonly string[];
}

/**
 * The API server shows each warning to the client and advises keeping one under 120 characters
 * ("Limit to 120 characters if possible. Warning messages over 256 characters and large numbers
 * of warnings may be truncated": Dynamic Admission Control, Response, warnings); it ignores
 * warnings past 4096 characters in all.
 */
export const WARNING_MAX = 120;
const WARNINGS_TOTAL_MAX = 4096;
/** status.message: long enough for a dozen denied images with their first reasons, bounded all the same. */
export const MESSAGE_MAX = 4000;

/**
 * Text for a message or warning, which may quote attacker-controlled input (an image string):
 * control characters become `?` (a warning travels in an HTTP header) and the text is cut to
 * `max` characters with a trailing ellipsis.
 */
export function clip(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/** Each warning clipped to WARNING_MAX, the list cut before 4096 characters with a last one saying how many were left out. */
export function boundedWarnings(warnings: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const [i, w] of warnings.entries()) {
    const text = clip(w, WARNING_MAX);
    if (total + text.length > WARNINGS_TOTAL_MAX - WARNING_MAX) {
      out.push(`mc: ${warnings.length - i} more warning(s) left out`);
      break;
    }
    out.push(text);
    total += text.length;
  }
  return out;
}

/**
 * The AdmissionReview answer (k8s.io/api/admission/v1 AdmissionResponse) in the version of the
 * request, echoing its uid: the API server rejects an answer whose apiVersion, kind or uid do
 * not match. Always sent with HTTP 200: the verdict is inside.
 */
export function admissionReviewResponse(envelope: AdmissionEnvelope, answer: AdmissionAnswer) {
  const warnings = boundedWarnings(answer.warnings);
  return {
    apiVersion: envelope.apiVersion,
    kind: 'AdmissionReview',
    response: {
      uid: envelope.uid,
      allowed: answer.allowed,
      status: { code: answer.code, message: clip(answer.message, MESSAGE_MAX) },
      ...(warnings.length > 0 ? { warnings } : {}),
    },
  };
}
