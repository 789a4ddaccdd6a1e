import type { Digest } from '../domain/digest.js';
import { parseImageReference } from '../delivery/image-reference.js';
import { RegistryError } from './registry-error.js';

/** An image reference split the way the distribution API addresses it: `/v2/<repository>/manifests/<tag|digest>`. */
export interface OciReference {
  /** Host[:port] as written (`docker.io` for a reference without one). */
  registry: string;
  /** The repository path (`acme/api`; `library/alpine` on Docker Hub). */
  repository: string;
  tag?: string;
  digest?: Digest;
}

const DOCKER_HUB = 'docker.io';

/**
 * Parses `[registry/]repository[:tag][@sha256:<hex>]` with the distribution reference grammar
 * (the same reader the admission webhook uses), then applies Docker Hub's defaults as every OCI
 * tool does: no registry → docker.io, a single path component → library/<name>, neither tag nor
 * digest → latest.
 */
export function parseOciReference(text: string): OciReference {
  const parsed = parseImageReference(text);
  if (parsed.kind === 'invalid')
    throw new RegistryError(
      'REFERENCE_INVALID',
      `${JSON.stringify(text.slice(0, 300))} is not an image reference: ${parsed.problem}`,
    );
  const parts = parsed.name.split('/');
  const first = parts[0] ?? '';
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasDomain ? first : DOCKER_HUB;
  let repository = hasDomain ? parts.slice(1).join('/') : parsed.name;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (parsed.kind === 'pinned') return { registry, repository, digest: parsed.digest };
  return { registry, repository, tag: parsed.tag ?? 'latest' };
}

/**
 * Whether the text is meant as an image reference rather than a digest: it has a repository path
 * or a pinned digest (`registry/repo:tag`, `repo@sha256:…`). A mistyped digest (`sha512:…`,
 * `SHA256:…`) or a bare `name:tag` is not, so a typo never sends mc to Docker Hub.
 */
export function looksLikeImageReference(text: string): boolean {
  return !/^[A-Za-z0-9]+:[0-9A-Za-z]*$/.test(text) && (text.includes('/') || text.includes('@'));
}

/** The canonical text of a reference: `registry/repository@digest` when pinned, else `…:tag`. */
export function formatReference(ref: OciReference): string {
  const base = `${ref.registry}/${ref.repository}`;
  return ref.digest !== undefined ? `${base}@${ref.digest}` : `${base}:${ref.tag ?? 'latest'}`;
}

/** Where the API lives: Docker Hub's API host differs from the name people write. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** Whether a registry host is a loopback address (the only place plain HTTP is allowed). */
export function isLoopbackHost(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
