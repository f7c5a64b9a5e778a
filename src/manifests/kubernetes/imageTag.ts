/**
 * SR-K8S-010: an image must be pinned: a digest (`@sha256:...`) passes; no tag or
 * `:latest` fails. A registry port (`registry:5000/app`) is not a tag.
 */
import type { LintContext } from './lintContext';
import type { Container } from './workloads';
import { textOf, valueSpan } from './yamlNodes';

export const IMAGE_TAG = 'SR-K8S-010';

const DIGEST = /@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Why an image reference is not pinned, or undefined when it is. */
export function unpinnedReason(image: string): string | undefined {
  const reference = image.trim();
  if (DIGEST.test(reference)) return undefined;
  const name = reference.includes('@') ? reference.slice(0, reference.indexOf('@')) : reference;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  const tag = colon < 0 ? '' : lastPart.slice(colon + 1);
  if (tag === '') return 'has no tag, so it means :latest';
  if (tag.toLowerCase() === 'latest') return 'uses the :latest tag';
  return undefined;
}

export function checkImageTag(container: Container, ctx: LintContext): void {
  const found = container.pod.nodes.lookup(container.node, 'image');
  if (!found || ctx.unknown(found.value, () => `the image of ${container.label}`)) return;
  const image = textOf(found.value);
  if (!image || !image.trim()) return;
  const reason = unpinnedReason(image);
  if (reason) {
    ctx.report(IMAGE_TAG, valueSpan(found), `The image "${image}" of ${container.label} ${reason}: what runs can change without any change here. Pin a version tag or a digest.`);
  }
}
