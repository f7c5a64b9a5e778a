/**
 * Which linter a file gets. Dockerfiles and Terraform by name; Kubernetes by
 * content (a document with top-level `apiVersion` and `kind`), whatever the
 * extension of a YAML file. Kustomize and Helm chart metadata are not manifests.
 */
import type { ManifestKind } from './model';

const NOT_MANIFESTS = /^(kustomization|chart|values(?:[.-][\w.-]+)?|requirements|\.?helmfile)\.ya?ml$/i;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function isDockerfileName(path: string): boolean {
  const name = baseName(path);
  return /^(?:Dockerfile|Containerfile)(?:[.-][\w.-]+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name);
}

export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text) && !/^apiVersion[ \t]*:[ \t]*["']?kustomize\.config\.k8s\.io/m.test(text);
}

export function manifestKind(path: string, text: string): ManifestKind | undefined {
  const name = baseName(path);
  if (isDockerfileName(path)) return 'dockerfile';
  if (/\.tf$/i.test(name)) return 'terraform';
  if (/\.ya?ml$/i.test(name)) {
    if (NOT_MANIFESTS.test(name)) return undefined;
    return looksLikeKubernetes(text) ? 'kubernetes' : undefined;
  }
  return undefined;
}
