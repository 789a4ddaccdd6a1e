import { isDigest, type Digest } from '../domain/digest.js';

/**
 * A container image reference as a Pod spec carries it (attacker-controlled: whoever may create
 * Pods writes it). Grammar of the distribution reference (github.com/distribution/reference,
 * reference.go): `[domain[:port]/]path[:tag][@algorithm:hex]`.
 */
export type ImageReference =
  /** `name@sha256:<64 hex>`, with or without a tag: the digest is what runs, the tag is ignored. */
  | { kind: 'pinned'; text: string; name: string; digest: Digest }
  /** A valid reference without a sha256 digest (tag-only, or no tag: the registry resolves `latest`). */
  | { kind: 'unpinned'; text: string; name: string; tag?: string }
  /** Not a reference at all, or a digest we cannot key by (another algorithm, bad hex). */
  | { kind: 'invalid'; text: string; problem: string };

/** Longest reference the distribution library accepts for a name (reference.NameTotalLengthMax). */
const NAME_MAX = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export function parseImageReference(text: string): ImageReference {
  const invalid = (problem: string): ImageReference => ({ kind: 'invalid', text, problem });
  if (text === '') return invalid('the image is empty');
  const at = text.indexOf('@');
  const named = at === -1 ? text : text.slice(0, at);
  const digestText = at === -1 ? undefined : text.slice(at + 1);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (name.length === 0 || name.length > NAME_MAX) return invalid('the repository name is empty or too long');
  const parts = name.split('/');
  // The first part is a registry host when it looks like one (a dot, a port, or localhost).
  const first = parts[0]!;
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain && !DOMAIN.test(first)) return invalid('the registry host is not valid');
  if (!(hasDomain ? parts.slice(1) : parts).every((p) => COMPONENT.test(p)))
    return invalid('the repository name is not valid (lowercase letters, digits, ".", "_", "-" and "/")');
  if (tag !== undefined && !TAG.test(tag)) return invalid('the tag is not valid');
  if (digestText !== undefined) {
    if (!isDigest(digestText)) return invalid('the digest is not sha256:<64 lowercase hex>');
    return { kind: 'pinned', text, name, digest: digestText };
  }
  return tag === undefined ? { kind: 'unpinned', text, name } : { kind: 'unpinned', text, name, tag };
}
