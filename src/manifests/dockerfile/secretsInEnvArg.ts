/**
 * SR-DOCKER-005: a secret given a value in ENV (stored in the image) or as an ARG
 * default (in the file and the build history), or a URL with a password in either.
 */
import type { Instruction } from 'dockerfile-ast';
import type { Finding } from '../model';
import { finding, type DockerfileContext } from './context';
import { propertiesOf, toRange, type ParsedDockerfile } from './parsedDockerfile';
import { SECRET_IN_ENV_OR_ARG } from './rules';
import { looksLikePath, looksLikeSecretName, onlyVariable, urlPassword } from './secretNames';

function check(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const keyword = instruction.getKeyword();
  if (keyword !== 'ENV' && keyword !== 'ARG') return [];
  const findings: Finding[] = [];
  for (const property of propertiesOf(instruction)) {
    const name = property.getName();
    const value = property.getValue();
    if (!name || value === null || value.trim() === '') continue;
    const range = toRange(doc, property.getNameRange());
    const password = urlPassword(value);
    if (password !== undefined && !(keyword === 'ARG' && onlyVariable(password))) {
      findings.push(
        finding(
          SECRET_IN_ENV_OR_ARG,
          keyword === 'ENV'
            ? `ENV ${name} holds a URL with a password, stored in the image: anyone who can pull it reads it (docker inspect). Pass it at run time instead.`
            : `ARG ${name} defaults to a URL with a password, written in the Dockerfile and recorded in the build history. Use a build secret (RUN --mount=type=secret) instead.`,
          range,
        ),
      );
      continue;
    }
    if (!looksLikeSecretName(name) || looksLikePath(value)) continue;
    if (keyword === 'ENV') {
      const message = onlyVariable(value)
        ? `ENV ${name} copies ${value} into the image's environment, so the secret passed at build time stays in the image for anyone who can pull it. Pass it at run time, or use a build secret (RUN --mount=type=secret).`
        : `ENV ${name} sets a literal secret, stored in the image: every container and anyone who can pull the image reads it (docker inspect). Pass it at run time instead, and rotate it.`;
      findings.push(finding(SECRET_IN_ENV_OR_ARG, message, range));
    } else if (!onlyVariable(value)) {
      findings.push(
        finding(
          SECRET_IN_ENV_OR_ARG,
          `ARG ${name} has a default secret: it is written in the Dockerfile and recorded in the build history of images that use it. Use a build secret (RUN --mount=type=secret) instead, and rotate it.`,
          range,
        ),
      );
    }
  }
  return findings;
}

export function secretsInEnvArg(context: DockerfileContext): Finding[] {
  const { doc } = context;
  const findings: Finding[] = [];
  for (const instruction of doc.instructions) findings.push(...check(doc, instruction));
  return findings;
}
