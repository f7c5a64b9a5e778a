/**
 * Image references as FROM writes them: `[registry/][path/]name[:tag][@digest]`.
 * Only what the rules need: the tag, the digest, and whether the image is a Docker
 * Hub official image (`python`, `library/python`, `docker.io/library/python`, or a
 * registry mirror's `.../library/python`), whose variants (`-slim`...) we know.
 */

export interface ImageReference {
  /** Everything before the tag and digest (`docker.io/library/python`). */
  name: string;
  /** The tag, or null when there is none (Docker then uses `latest`). */
  tag: string | null;
  /** The digest after `@`, or null. */
  digest: string | null;
  /** For an official image, its name (`python`); otherwise null. */
  officialName: string | null;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : null;
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : null;
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  return { name, tag, digest, officialName: officialName(name) };
}

function officialName(name: string): string | null {
  const segments = name.toLowerCase().split('/');
  const last = segments[segments.length - 1] ?? '';
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(last)) return null;
  if (segments.length === 1) return last;
  if (segments[segments.length - 2] === 'library') return last;
  if (segments.length === 2 && DOCKER_HUB_HOSTS.has(segments[0]!)) return last;
  return null;
}

/** `scratch`: the empty image, nothing to pull, no tag to pin. */
export function isScratch(reference: string): boolean {
  return reference.toLowerCase() === 'scratch';
}
