import type { Provenance } from '../../domain/evidence.js';
import { sameArtifact, type ArtifactRef } from './artifact-ref.js';
import { VerificationError } from '../verification-error.js';

/** The statement must name the artifact by a digest algorithm both sides have, and have an expected predicate. */
export function checkStatement(
  statement: Provenance,
  artifact: ArtifactRef | undefined,
  expectedPredicateTypes: readonly string[] | undefined,
): void {
  if (artifact !== undefined && !statement.subjects.some((s) => sameArtifact(s.digest, artifact.digests))) {
    const algs = Object.keys(artifact.digests).join(', ');
    throw new VerificationError('SUBJECT_MISMATCH', `no in-toto subject names the artifact (compared by ${algs})`, {
      path: '/payload/subject',
    });
  }
  if (expectedPredicateTypes !== undefined && !expectedPredicateTypes.includes(statement.predicateType)) {
    throw new VerificationError(
      'PREDICATE_TYPE_UNEXPECTED',
      `predicate type ${JSON.stringify(statement.predicateType)} is not one of ${expectedPredicateTypes.join(', ')}`,
      { path: '/payload/predicateType' },
    );
  }
}
