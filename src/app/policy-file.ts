import { isBaseError } from '../domain/errors.js';
import { PolicyError } from '../policy/policy-error.js';
import { MAX_POLICY_FILE_BYTES, readInputFile } from './input-file.js';

/**
 * A policy file's bytes (gates.yaml, waivers.yaml; decoded strictly by the YAML reader), bounded
 * like every input. Every failure is a PolicyError naming the file, so a running server keeps its
 * last good policy and reports the rejected edit (a directory, a file over the limit, no
 * permission) instead of answering the next verify with a 500.
 */
export function readPolicyFile(file: string, name = file, notFound = `${name} not found`): Uint8Array {
  try {
    return readInputFile(file, MAX_POLICY_FILE_BYTES, 'policy file');
  } catch (e) {
    if (!isBaseError(e)) throw e;
    if (e.code === 'FILE_NOT_FOUND')
      throw new PolicyError('POLICY_NOT_FOUND', notFound, { kind: 'invalid', path: name });
    const why =
      e.code === 'NOT_A_FILE'
        ? 'is a directory'
        : e.code === 'FILE_TOO_LARGE'
          ? `is over the limit of ${MAX_POLICY_FILE_BYTES} bytes`
          : 'cannot be read';
    throw new PolicyError('POLICY_FILE_UNREADABLE', `${name} ${why}`, { kind: e.kind, path: name });
  }
}
