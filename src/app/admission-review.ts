import type { Decision } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { EventRepository, NewEvent } from '../domain/events.js';
import type { AdmissionRequest } from '../delivery/admission-request.js';
import type { AdmissionAnswer } from '../delivery/admission-response.js';
import { admissionAnswer, admissionMode, imageVerdict, type ImageVerdict } from '../delivery/admission-verdict.js';
import { parseImageReference, type ImageReference } from '../delivery/image-reference.js';
import { workloadImages, type ContainerImage } from '../delivery/pod-images.js';
import { profileFor } from '../policy/gates.js';
import type { GateService } from './gate-service.js';
import { RepeatFilter } from './repeat-filter.js';

/** Which environment judges a namespace beyond the webhook path (Config.admission). */
export interface AdmissionSettings {
  /** Explicit namespace → environment map; it overrides the environment of the webhook path (`/v1/admission/validate/<env>`). */
  namespaceEnvs: Readonly<Record<string, string>>;
  /** The environment of a namespace that neither the map nor the URL names; unset: not judged. */
  defaultEnv?: string;
}

export interface AdmissionReviewDeps {
  gate: Pick<GateService, 'verify' | 'policies' | 'clock'>;
  events: Pick<EventRepository, 'record'>;
  settings: AdmissionSettings;
  /** An event identical to one recorded this recently (ms) is not recorded again; default one minute. */
  repeatWindowMs?: number;
}

/** The answer, and what was judged (for metrics): the environment and each container's verdict. */
export interface AdmissionOutcome extends AdmissionAnswer {
  env?: string;
  verdicts: readonly ImageVerdict[];
}

/** Subresources whose object is the whole Pod with images that may change (kubectl debug adds ephemeral containers). */
const JUDGED_SUBRESOURCES = new Set(['', 'ephemeralcontainers']);

/**
 * The Kubernetes validating admission use case: every image of a Pod or pod template must be
 * pinned by digest and allowed for the namespace's environment. Never calls the Kubernetes API
 * or a registry on the request path; the environment comes from configuration and the URL.
 */
export class AdmissionReview {
  private readonly repeats: RepeatFilter;
  private readonly references = new Map<string, ImageReference>();

  constructor(private readonly deps: AdmissionReviewDeps) {
    this.repeats = new RepeatFilter(deps.repeatWindowMs ?? 60_000);
  }

  /** `actor` is the principal that sent the review (the API server's token label), recorded in the events. */
  async review(req: AdmissionRequest, urlEnv: string | undefined, actor?: string): Promise<AdmissionOutcome> {
    if (req.operation !== 'CREATE' && req.operation !== 'UPDATE')
      return notJudged(`mc judges CREATE and UPDATE; ${req.operation} is allowed`, false);
    if (!JUDGED_SUBRESOURCES.has(req.subResource))
      return notJudged(`mc does not judge the ${req.subResource} subresource; allowed`, false);
    const workload = workloadImages(req.kind, req.object);
    if (!workload.judged) return notJudged(`${workload.reason}; allowed`, true);
    const { env, warnings: envWarnings } = this.environmentOf(req.namespace, urlEnv);
    if (env === undefined)
      return notJudged(
        `namespace ${req.namespace || '(none)'} maps to no environment (webhook path, namespace map, default); not judged`,
        true,
      );
    const state = this.deps.gate.policies.current();
    const mode = admissionMode(profileFor(state.policy.gates, env).profile); // unknown env: ENVIRONMENT_UNKNOWN
    const images = this.imagesToJudge(req, workload.images);
    if (images.length === 0 && workload.images.length > 0)
      return notJudged('the update brings no new image; allowed', false);
    const refs = images.map((c) => (c.image === undefined ? undefined : this.reference(c.image)));
    const decisions = await this.decide(refs, env, req.dryRun, actor);
    const verdicts = images.map((c, i) => {
      const ref = refs[i];
      return imageVerdict(c, ref, ref?.kind === 'pinned' ? decisions.get(ref.digest) : undefined, mode);
    });
    const answer = admissionAnswer(env, verdicts);
    if (!req.dryRun)
      await this.deps.events.record(admissionEvents(req, env, this.unrecorded(req, env, verdicts), actor));
    const warnings = envWarnings.length > 0 ? [...envWarnings, ...answer.warnings] : answer.warnings;
    // Field by field, not `{ ...answer, … }`: see admission-verdict.ts on spreads in the hot path.
    return { allowed: answer.allowed, code: answer.code, message: answer.message, warnings, env, verdicts };
  }

  /**
   * The explicit map first: a namespace owner could relabel the namespace to reach another
   * webhook entry's path, but cannot edit mc's configuration. Then the path (or `?env=`), then the default.
   */
  private environmentOf(namespace: string, urlEnv: string | undefined): { env?: string; warnings: string[] } {
    const { namespaceEnvs, defaultEnv } = this.deps.settings;
    const mapped = Object.hasOwn(namespaceEnvs, namespace) ? namespaceEnvs[namespace] : undefined;
    if (mapped !== undefined) {
      const warnings =
        urlEnv !== undefined && urlEnv !== mapped
          ? [`mc: namespace ${namespace} is judged as ${mapped} (mc's namespace map), not ${urlEnv} (webhook path)`]
          : [];
      return { env: mapped, warnings };
    }
    const env = urlEnv ?? defaultEnv;
    return env === undefined ? { warnings: [] } : { env, warnings: [] };
  }

  /**
   * On UPDATE only the images the change brings are judged: an image the old object already ran
   * was judged when it came, and the Pods a scale-up creates are judged on their own CREATE.
   * Denying a label edit or a scale-down of a workload whose digest was since revoked would only
   * get in the way of an operator's response to that revocation.
   */
  private imagesToJudge(req: AdmissionRequest, images: ContainerImage[]): ContainerImage[] {
    if (req.operation !== 'UPDATE' || req.oldObject === undefined) return images;
    let before: Set<string>;
    try {
      const old = workloadImages(req.kind, req.oldObject);
      if (!old.judged) return images;
      before = new Set(old.images.map((c) => c.image ?? ''));
    } catch {
      return images; // an unreadable old object: judge everything
    }
    return images.filter((c) => c.image === undefined || !before.has(c.image));
  }

  /**
   * The events worth a row: the Pods of one ReplicaSet share a name (its generateName) and are
   * judged alike, so a scale-up to a hundred replicas would write the same verdict a hundred
   * times. As decisions are recorded when they change, a review's events are recorded when its
   * verdicts (per container and image, for the workload, environment and operation) are new,
   * changed, or last recorded over a minute ago. Per replica: each replica records its first.
   */
  private unrecorded(req: AdmissionRequest, env: string, verdicts: readonly ImageVerdict[]): readonly ImageVerdict[] {
    // One key for the whole review: its containers' verdicts together (a change in one records them all).
    // Container names and images are quoted: attacker-controlled text cannot forge a separator.
    let key = `${req.namespace}/${req.name}\u0000${env}\u0000${req.operation}\u0000${req.kind.group}/${req.kind.kind}`;
    for (const v of verdicts)
      key += `\u0000${JSON.stringify(v.container)}${JSON.stringify(v.image ?? null)}${v.allowed}\u0000${v.reasons.map((r) => r.code).join(',')}\u0000${v.warnings.length}`;
    return this.repeats.fresh(key, this.deps.gate.clock().getTime()) ? verdicts : [];
  }

  /** Image strings repeat from Pod to Pod: each is parsed once (a bounded memo; the parse is pure). */
  private reference(image: string): ImageReference {
    let ref = this.references.get(image);
    if (ref === undefined) {
      if (this.references.size >= 10_000) this.references.clear();
      ref = parseImageReference(image);
      this.references.set(image, ref);
    }
    return ref;
  }

  /** One decision per distinct digest; a dry run records no decision. */
  private async decide(
    refs: readonly (ImageReference | undefined)[],
    env: string,
    dryRun: boolean,
    actor: string | undefined,
  ) {
    const decisions = new Map<Digest, Decision>();
    for (const ref of refs) {
      if (ref?.kind !== 'pinned' || decisions.has(ref.digest)) continue;
      const { decision } = await this.deps.gate.verify(ref.digest, env, dryRun ? 'never' : 'on-change', actor);
      decisions.set(ref.digest, decision);
    }
    return decisions;
  }
}

function notJudged(message: string, warn: boolean): AdmissionOutcome {
  return { allowed: true, code: 200, message, warnings: warn ? [`mc: ${message}`] : [], verdicts: [] };
}

/** One `admission` event per judged container, so `mc events --digest` and rollout status find it. */
function admissionEvents(
  req: AdmissionRequest,
  env: string,
  verdicts: readonly ImageVerdict[],
  actor: string | undefined,
): NewEvent[] {
  const workload = `${req.namespace}/${req.name}`;
  return verdicts.map((v) => ({
    type: 'admission',
    ...(v.digest ? { digest: v.digest } : {}),
    workload,
    env,
    cause: v.allowed ? 'allowed' : 'denied',
    details: {
      uid: req.uid,
      kind: req.kind.group ? `${req.kind.group}/${req.kind.kind}` : req.kind.kind,
      operation: req.operation,
      container: v.container,
      image: v.image ?? null,
      reasons: v.reasons.slice(0, 5).map((r) => r.code),
      warnings: v.warnings.length,
      ...(actor ? { by: actor } : {}),
    },
  }));
}
