import { lintDockerfile } from '../../../src/manifests/dockerfile/lintDockerfile';
import { kubernetesFacts, lintKubernetes } from '../../../src/manifests/kubernetes/lintKubernetes';
import { LineIndex } from '../../../src/manifests/lineIndex';
import type { Finding, ManifestKind } from '../../../src/manifests/model';
import { lintTerraform } from '../../../src/manifests/terraform/lintTerraform';

/** One kind's linter called directly (a throw is not turned into a finding), with the file's own workspace facts. */
export async function lintKind(kind: ManifestKind, text: string): Promise<Finding[]> {
  const lines = new LineIndex(text);
  if (kind === 'kubernetes') {
    const facts = kubernetesFacts(text);
    return lintKubernetes(text, lines, { namespaces: new Set([...facts.namespaces, 'default']), networkPolicies: facts.networkPolicies });
  }
  if (kind === 'dockerfile') return lintDockerfile(text, lines);
  return lintTerraform(text, lines);
}
