import { BaseError, type ErrorOptions } from '../domain/errors.js';

export type AdmissionErrorCode =
  | 'ADMISSION_REVIEW_INVALID' // not an AdmissionReview envelope (kind, apiVersion, request) we can answer
  | 'ADMISSION_UID_MISSING' // request.uid absent or not a string: there is no review to answer in kind
  | 'ADMISSION_VERSION_UNSUPPORTED' // an AdmissionReview apiVersion other than admission.k8s.io/v1 and v1beta1
  | 'ADMISSION_REQUEST_INVALID' // the request inside a readable envelope is not what the API server sends
  | 'ADMISSION_OBJECT_INVALID'; // the object of a kind we judge lacks its pod spec or has a malformed one

/** An AdmissionReview we cannot judge. Malformed input: the server answers it in kind when the uid is readable. */
export class AdmissionError extends BaseError<AdmissionErrorCode> {
  constructor(code: AdmissionErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, code === 'ADMISSION_VERSION_UNSUPPORTED' ? 'unsupported' : 'malformed');
  }
}
