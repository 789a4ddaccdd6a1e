import type { Digest } from '../domain/digest.js';
import { BaseError } from '../domain/errors.js';
import { type EvidenceRecordFields, parseEvidenceRecord } from '../evidence/parse-evidence.js';
import { formatReference, type OciReference } from '../oci/oci-reference.js';
import { cosignAttestationEvidence } from '../trust/verify/cosign-attestation.js';
import { cosignSignatureDocument } from '../trust/verify/cosign-signature.js';
import { discoverEvidence, type Discovery, type UnknownReferrer } from '../registry/evidence-discovery.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { GateService, IngestItem } from './gate-service.js';

export interface RegistryIngestResult {
  reference: string;
  digest: Digest;
  mediaType: string;
  referrersVia: Discovery['referrersVia'];
  /** Per artifact (the image, and for an index each platform image with evidence of its own). */
  ingested: Array<Awaited<ReturnType<GateService['ingest']>>>;
  /** Referrers mc does not read: listed, never guessed at. */
  unknown: UnknownReferrer[];
  /**
   * Platform images of an index. Evidence on the index is stored on the index digest; the gates do
   * not yet let it cover these children, so verify the digest that is deployed.
   */
  children: Discovery['children'];
}

/**
 * `mc ingest <image reference>`: resolves the tag to a digest, pulls every signature, attestation
 * and SBOM the registry holds for it (discoverEvidence), normalizes cosign simple-signing
 * signatures into the form the trust gates verify, and ingests it per artifact through the gate
 * service. Every item is parsed before anything is stored, so one bad referrer stores nothing.
 * `extra` are evidence files given on the command line for the image itself; `meta` names it
 * (default: registry/repository) and gives it lineage parents.
 */
export async function ingestFromRegistry(
  gate: Pick<GateService, 'ingest'>,
  client: RegistryClient,
  ref: OciReference,
  extra: IngestItem[] = [],
  meta: { name?: string; parents?: string[]; actor?: string } = {},
): Promise<RegistryIngestResult> {
  const digest = ref.digest ?? (await client.resolve(ref.repository, ref.tag ?? 'latest')).digest;
  const discovery = await discoverEvidence(client, ref.repository, digest);
  const bySubject = new Map<Digest, IngestItem[]>([[digest, [...extra]]]);
  const add = (subject: Digest, item: IngestItem) => {
    const list = bySubject.get(subject) ?? [];
    list.push(item);
    bySubject.set(subject, list);
  };
  for (const e of discovery.evidence) {
    // A keyless cosign attestation carries its signer in annotations: stored as a bundle around the envelope.
    const signer = e.cosign;
    const bytes =
      signer === undefined
        ? e.bytes
        : named(e.subject, e.source, e.kind, () => cosignAttestationEvidence({ envelope: e.bytes, ...signer }));
    add(e.subject, { kind: e.kind, bytes, label: e.source });
  }
  for (const s of discovery.cosignSignatures) {
    const { subject, source, ...input } = s;
    add(subject, {
      kind: 'signature',
      bytes: named(subject, source, 'signature', () => cosignSignatureDocument(input)),
      label: source,
    });
  }
  // Parse everything first: the store writes per artifact, so a bad item must stop all of them.
  for (const [subject, items] of bySubject) for (const item of items) item.parsed = parseNamed(subject, item);
  const name = meta.name ?? `${ref.registry}/${ref.repository}`;
  const ingested: RegistryIngestResult['ingested'] = [];
  for (const [subject, items] of bySubject) {
    if (items.length === 0) continue;
    const parents = subject === digest && meta.parents !== undefined ? { parents: meta.parents } : {};
    const actor = meta.actor === undefined ? {} : { actor: meta.actor };
    ingested.push(await gate.ingest(subject, items, { name, ...parents, ...actor }));
  }
  return {
    reference: formatReference({ ...ref, digest }),
    digest,
    mediaType: discovery.mediaType,
    referrersVia: discovery.referrersVia,
    ingested,
    unknown: discovery.unknown,
    children: discovery.children,
  };
}

/** Parses one pulled item (attacker-controlled bytes); the gate stores this parse, it does not parse again. */
function parseNamed(subject: Digest, item: IngestItem): EvidenceRecordFields {
  return named(subject, item.label, item.kind, () => parseEvidenceRecord(item.kind, item.bytes));
}

/** Runs `f`; a refusal keeps its code and kind and names where the item came from. */
function named<T>(subject: Digest, label: string | undefined, kind: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BaseError)
      throw new BaseError(e.code, `${label ?? subject} (${kind} of ${subject}): ${e.message}`, {
        kind: e.kind,
        cause: e,
      });
    throw e;
  }
}
