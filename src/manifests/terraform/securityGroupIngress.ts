/**
 * SR-TF-004: security group ingress from 0.0.0.0/0 or ::/0 to SSH (22), RDP (3389)
 * or every port. The finding points at the open CIDR.
 */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { nestedBlocks } from './dynamicBlocks';
import { type Block, type HclValue, type StringValue, attributeOf } from './hclTree';
import { address, numberOf, resources, stringListOf, stringOf } from './resources';
import { SECURITY_GROUP_ADMIN_PORTS } from './rules';

/** The resource types this rule reads. */
export const SECURITY_GROUP_TYPES = ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

const ADMIN_PORTS: ReadonlyArray<[number, string]> = [
  [22, 'SSH'],
  [3389, 'RDP'],
];

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);
const ICMP = new Set(['icmp', '1', 'icmpv6', '58']);

/** One ingress rule's fields, from a block or from an object in an `ingress = [...]` list. */
type Field = (name: string) => HclValue | undefined;

function blockFields(block: Block): Field {
  return (name) => attributeOf(block, name)?.value;
}

function objectFields(value: HclValue): Field | undefined {
  if (value.kind !== 'object') return undefined;
  return (name) => value.entries.find((entry) => entry.key === name)?.value;
}

/** What an ingress rule opens, in words ("port 22 (SSH)", "all ports"), or undefined when it opens no admin port (or cannot be known). */
function exposure(protocolValue: HclValue | undefined, fromValue: HclValue | undefined, toValue: HclValue | undefined): string | undefined {
  const protocol = stringOf(protocolValue)?.trim().toLowerCase();
  if (protocol === undefined) return undefined;
  if (protocol === '-1' || protocol === 'all') return 'all ports (protocol ' + protocol + ')';
  if (ICMP.has(protocol)) return undefined;
  const from = numberOf(fromValue);
  const to = numberOf(toValue) ?? (toValue === undefined ? from : undefined);
  if (from === undefined || to === undefined) return undefined;
  const hit = ADMIN_PORTS.filter(([port]) => from <= port && port <= to);
  if (hit.length === 0) return undefined;
  const names = hit.map(([port, name]) => `${port} (${name})`).join(' and ');
  if (from === to) return `port ${names}`;
  return `ports ${from}-${to}, including ${names}`;
}

function openCidrs(...values: Array<HclValue | undefined>): StringValue[] {
  const open: StringValue[] = [];
  for (const value of values) {
    for (const cidr of stringListOf(value)?.strings ?? []) if (OPEN_CIDRS.has(cidr.value.trim())) open.push(cidr);
  }
  return open;
}

function report(context: TerraformContext, findings: Finding[], owner: string, cidrs: StringValue[], what: string | undefined): void {
  if (!what) return;
  for (const cidr of cidrs) {
    findings.push(finding(context, SECURITY_GROUP_ADMIN_PORTS, cidr.span, `${owner} allows ingress from ${cidr.value.trim()} to ${what}.`));
  }
}

/** `ingress` of aws_security_group (blocks, dynamic blocks or a list of objects). */
function checkGroupIngress(context: TerraformContext, findings: Finding[], owner: string, field: Field): void {
  const cidrs = openCidrs(field('cidr_blocks'), field('ipv6_cidr_blocks'));
  if (cidrs.length === 0) return;
  report(context, findings, owner, cidrs, exposure(field('protocol'), field('from_port'), field('to_port')));
}

export function checkSecurityGroupIngress(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const group of resources(context.file, type)) {
      const owner = `Security group ${address(group)}`;
      for (const ingress of nestedBlocks(group, 'ingress')) checkGroupIngress(context, findings, owner, blockFields(ingress));
      const list = attributeOf(group, 'ingress')?.value;
      if (list?.kind === 'list') {
        for (const item of list.items) {
          const fields = objectFields(item);
          if (fields) checkGroupIngress(context, findings, owner, fields);
        }
      }
    }
  }
  for (const rule of resources(context.file, 'aws_security_group_rule')) {
    if (stringOf(attributeOf(rule, 'type')?.value) !== 'ingress') continue;
    checkGroupIngress(context, findings, `Security group rule ${address(rule)}`, blockFields(rule));
  }
  for (const rule of resources(context.file, 'aws_vpc_security_group_ingress_rule')) {
    const field = blockFields(rule);
    const cidrs = openCidrs(field('cidr_ipv4'), field('cidr_ipv6'));
    if (cidrs.length === 0) continue;
    report(context, findings, `Security group ingress rule ${address(rule)}`, cidrs, exposure(field('ip_protocol'), field('from_port'), field('to_port')));
  }
  return findings;
}
