/**
 * SR-K8S-012: a secret written as a literal env value. The name decides (PASSWORD,
 * SECRET, TOKEN, API_KEY, ...; not names of files, paths, URLs or ids); valueFrom,
 * an empty value and a `$(OTHER_VAR)` reference pass. The value is never repeated
 * in the message.
 */
import type { LintContext } from './lintContext';
import type { Container } from './workloads';
import { isEmpty, textOf, valueSpan } from './yamlNodes';

export const ENV_SECRETS = 'SR-K8S-012';

const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH_?KEY|(?:^|_)PWD(?:$|_)/;
const NOT_A_SECRET = /_(?:FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|NAME|REF|ENABLED|TTL|TIMEOUT|EXPIRY|EXPIRES|HEADER|LENGTH|SIZE|TYPE|MODE|COUNT|ID)$/;
const REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

export function looksSecret(name: string): boolean {
  const normal = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return SECRET_NAME.test(normal) && !NOT_A_SECRET.test(normal);
}

export function checkEnvSecrets(container: Container, ctx: LintContext): void {
  const nodes = container.pod.nodes;
  const env = nodes.lookup(container.node, 'env');
  if (!env || ctx.unknown(env.value, () => `the env of ${container.label}`)) return;
  for (const entry of nodes.items(env.value)) {
    const nameNode = nodes.get(entry, 'name');
    if (ctx.unknown(nameNode, () => `an env name of ${container.label}`)) continue;
    const name = textOf(nameNode);
    if (!name || !looksSecret(name)) continue;
    const valueFrom = nodes.lookup(entry, 'valueFrom');
    if (valueFrom && !isEmpty(valueFrom.value)) continue;
    const value = nodes.lookup(entry, 'value');
    if (!value || ctx.unknown(value.value, () => `the env ${name} of ${container.label}`)) continue;
    const text = textOf(value.value);
    if (text === undefined || text.trim() === '' || REFERENCE.test(text.trim())) continue;
    ctx.report(ENV_SECRETS, valueSpan(value), `${container.label} sets ${name} to a literal value: a secret in the manifest ends up in git and in \`kubectl get -o yaml\`. Use valueFrom.secretKeyRef.`);
  }
}
