/**
 * SR-TF-009: Secrets Manager secrets without rotation. Only the same file is
 * considered: a secret passes when an `aws_secretsmanager_secret_rotation` of the
 * file refers to it (or has a `secret_id` that cannot be resolved), or when it has
 * the legacy inline rotation settings.
 */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { nestedBlocks } from './dynamicBlocks';
import { type Block, attributeOf } from './hclTree';
import { address, referencesTo, resources } from './resources';
import { SECRET_ROTATION } from './rules';

/** The resource types this rule reads. */
export const SECRET_ROTATION_TYPES = ['aws_secretsmanager_secret', 'aws_secretsmanager_secret_rotation'];

/** Whether a literal secret_id (a name, or an ARN `...:secret:NAME-AbCdEf`) is this secret's. */
function matchesLiteral(secret: Block, ids: readonly string[]): boolean {
  const name = attributeOf(secret, 'name')?.value;
  if (!name) return false;
  if (name.kind !== 'string') return ids.length > 0;
  return ids.some((id) => id === name.value || id.endsWith(`:secret:${name.value}`) || new RegExp(`:secret:${escape(name.value)}-[A-Za-z0-9]{6}$`).test(id));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function checkSecretRotation(context: TerraformContext): Finding[] {
  const secrets = resources(context.file, 'aws_secretsmanager_secret');
  if (secrets.length === 0) return [];
  const rotation = referencesTo(context.file, 'aws_secretsmanager_secret_rotation', 'secret_id', 'aws_secretsmanager_secret');
  if (rotation.unresolved) return [];
  const findings: Finding[] = [];
  for (const secret of secrets) {
    if (rotation.names.has(secret.labels[1]!)) continue;
    if (attributeOf(secret, 'rotation_lambda_arn') || nestedBlocks(secret, 'rotation_rules').length > 0) continue;
    if (matchesLiteral(secret, rotation.literals)) continue;
    findings.push(
      finding(
        context,
        SECRET_ROTATION,
        secret.header,
        `Secrets Manager secret ${address(secret)} has no rotation in this file (no aws_secretsmanager_secret_rotation refers to it).`,
      ),
    );
  }
  return findings;
}
