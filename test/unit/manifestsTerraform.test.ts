/**
 * Terraform rules beyond what the fixture-driven manifestRules test covers: the exact
 * text each finding points at, the exact text of each fix, syntax errors with the rest
 * of the file still checked, unknown values never reported, the parser loaded once,
 * and hostile inputs (empty, unbalanced, binary, huge, deeply nested) that must
 * neither throw nor hang.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../../src/manifests/lineIndex';
import { lintManifest } from '../../src/manifests/lint';
import type { Finding } from '../../src/manifests/model';
import { applyEdits } from '../../src/manifests/textEdits';
import * as hclParser from '../../src/manifests/terraform/hclParser';
import { TERRAFORM_RULES, lintTerraform } from '../../src/manifests/terraform/lintTerraform';
import { repoRoot } from './support/paths';

const FIXTURES = path.join(repoRoot, 'test/fixtures/manifests/terraform');

async function lint(text: string): Promise<Finding[]> {
  return lintTerraform(text, new LineIndex(text));
}

/** The source text a finding's range covers. */
function covered(text: string, finding: Finding): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
}

async function findingsOf(text: string, ruleId: string): Promise<Finding[]> {
  return (await lint(text)).filter((finding) => finding.ruleId === ruleId);
}

/** What the rule's findings point at. */
async function pointsAt(text: string, ruleId: string): Promise<string[]> {
  return (await findingsOf(text, ruleId)).map((finding) => covered(text, finding));
}

/** The text after applying the first fix of the rule. */
async function fixedOnce(text: string, ruleId: string): Promise<string> {
  const finding = (await findingsOf(text, ruleId)).find((f) => f.fix);
  assert.ok(finding?.fix, `${ruleId} offers a fix`);
  return applyEdits(text, finding.fix.edits);
}

const tf = (...lines: string[]): string => lines.join('\n') + '\n';

describe('Terraform rules', () => {
  describe('documentation', () => {
    it('documents nine rules with peers and examples, severities as specified', () => {
      assert.deepEqual(
        TERRAFORM_RULES.map((rule) => [rule.id, rule.severity, rule.fixable]),
        [
          ['SR-TF-001', 'warning', true],
          ['SR-TF-002', 'warning', true],
          ['SR-TF-003', 'info', false],
          ['SR-TF-004', 'error', false],
          ['SR-TF-005', 'warning', true],
          ['SR-TF-006', 'warning', true],
          ['SR-TF-007', 'warning', true],
          ['SR-TF-008', 'error', false],
          ['SR-TF-009', 'warning', false],
        ],
      );
      for (const rule of TERRAFORM_RULES) {
        assert.equal(rule.kind, 'terraform');
        assert.ok(rule.peers.length > 0, `${rule.id} names its peers`);
        assert.match(rule.remediation, /```hcl\n[\s\S]+```/, `${rule.id} has an HCL example`);
        assert.ok(rule.notes && rule.notes.length > 40, `${rule.id} has notes`);
      }
    });
  });

  describe('exact ranges', () => {
    it('points at the resource header when an attribute is missing, at the value when it is wrong', async () => {
      const text = tf(
        'resource "aws_db_instance" "a" {',
        '  engine = "postgres"',
        '}',
        'resource "aws_rds_cluster" "b" {',
        '  storage_encrypted = false',
        '}',
      );
      assert.deepEqual(await pointsAt(text, 'SR-TF-001'), ['resource "aws_db_instance" "a"', 'false']);
    });

    it('points at the open CIDR, also inside a literal for_each of a dynamic block', async () => {
      const text = readFileSync(path.join(FIXTURES, 'SR-TF-004/fail-dynamic-ingress.tf'), 'utf8');
      const findings = await findingsOf(text, 'SR-TF-004');
      assert.equal(findings.length, 1);
      assert.equal(covered(text, findings[0]!), '"0.0.0.0/0"');
      assert.equal(findings[0]!.range.start.line, 9, 'the RDP element of for_each, not the HTTP one');
      assert.match(findings[0]!.message, /port 3389 \(RDP\)/);
    });

    it('names all ports and port ranges', async () => {
      const messages = (await findingsOf(readFileSync(path.join(FIXTURES, 'SR-TF-004/fail-ssh-ingress-block.tf'), 'utf8'), 'SR-TF-004')).map((f) => f.message);
      assert.deepEqual(messages, [
        'Security group aws_security_group.bastion allows ingress from 0.0.0.0/0 to port 22 (SSH).',
        'Security group aws_security_group.bastion allows ingress from ::/0 to ports 3000-4000, including 3389 (RDP).',
      ]);
    });

    it('points at the wildcard action in jsonencode, in a heredoc and inside an escaped JSON string', async () => {
      const text = readFileSync(path.join(FIXTURES, 'SR-TF-008/fail-heredoc-json.tf'), 'utf8');
      assert.deepEqual(await pointsAt(text, 'SR-TF-008'), ['"*"', '\\"*:*\\"']);
      const findings = await findingsOf(text, 'SR-TF-008');
      assert.equal(findings[0]!.range.start.line, 17, 'the second statement (the first has an interpolation and a scoped action)');
      const encoded = readFileSync(path.join(FIXTURES, 'SR-TF-008/fail-jsonencode.tf'), 'utf8');
      const [only] = await findingsOf(encoded, 'SR-TF-008');
      assert.equal(covered(encoded, only!), '"*"');
      assert.equal(only!.range.start.line, 17);
    });

    it('points at the list of log types and names the missing ones', async () => {
      const text = tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = ["api", "scheduler"]', '}');
      const [finding] = await findingsOf(text, 'SR-TF-005');
      assert.equal(covered(text, finding!), '["api", "scheduler"]');
      assert.match(finding!.message, /audit, authenticator control plane logs/);
    });

    it('counts UTF-16 positions after non-ASCII text', async () => {
      const text = tf('# Überwachung 😀 ünd mehr', 'resource "aws_subnet" "s" { map_public_ip_on_launch = true } # 😀');
      const [finding] = await findingsOf(text, 'SR-TF-007');
      assert.equal(covered(text, finding!), 'true');
      assert.deepEqual(finding!.range.start, { line: 1, character: 54 });
    });

    it('points at the header of a bucket and a secret without their companions', async () => {
      const text = tf('resource "aws_s3_bucket" "b" {', '  bucket = "x"', '}', 'resource "aws_secretsmanager_secret" "s" {}');
      assert.deepEqual(await pointsAt(text, 'SR-TF-003'), ['resource "aws_s3_bucket" "b"']);
      assert.deepEqual(await pointsAt(text, 'SR-TF-009'), ['resource "aws_secretsmanager_secret" "s"']);
    });
  });

  describe('exact fixes', () => {
    it('adds the attribute before the closing brace, in the block\'s indentation', async () => {
      const text = tf('resource "aws_db_instance" "a" {', '    engine = "postgres"', '', '    tags = {', '      a = "b"', '    }', '    # last', '}');
      assert.equal(
        await fixedOnce(text, 'SR-TF-001'),
        tf('resource "aws_db_instance" "a" {', '    engine = "postgres"', '', '    tags = {', '      a = "b"', '    }', '    # last', '    storage_encrypted = true', '}'),
      );
    });

    it('replaces a false value, keeping a quoted value quoted', async () => {
      assert.equal(
        await fixedOnce(tf('resource "aws_rds_cluster" "c" {', '  storage_encrypted = false', '}'), 'SR-TF-001'),
        tf('resource "aws_rds_cluster" "c" {', '  storage_encrypted = true', '}'),
      );
      assert.equal(
        await fixedOnce(tf('resource "aws_launch_template" "t" {', '  block_device_mappings {', '    ebs {', '      encrypted = "false"', '    }', '  }', '}'), 'SR-TF-002'),
        tf('resource "aws_launch_template" "t" {', '  block_device_mappings {', '    ebs {', '      encrypted = "true"', '    }', '  }', '}'),
      );
    });

    it('opens up one-line blocks (HCL allows one attribute on a single line)', async () => {
      assert.equal(
        await fixedOnce('resource "aws_cloudwatch_log_group" "g" { name = "/x" }\n', 'SR-TF-006'),
        'resource "aws_cloudwatch_log_group" "g" {\n  name = "/x"\n  retention_in_days = 365\n}\n',
      );
      assert.equal(await fixedOnce('resource "aws_ebs_volume" "v" {}', 'SR-TF-002'), 'resource "aws_ebs_volume" "v" {\n  encrypted = true\n}');
      assert.equal(
        await fixedOnce(tf('resource "aws_cloudwatch_log_group" "g" {', '  name = "/x" }'), 'SR-TF-006'),
        tf('resource "aws_cloudwatch_log_group" "g" {', '  name = "/x" ', '  retention_in_days = 365', '}'),
      );
    });

    it('keeps CRLF line endings and tab indentation', async () => {
      const crlf = 'resource "aws_ebs_volume" "v" {\r\n  size = 10\r\n}\r\n';
      assert.equal(await fixedOnce(crlf, 'SR-TF-002'), 'resource "aws_ebs_volume" "v" {\r\n  size = 10\r\n  encrypted = true\r\n}\r\n');
      const tabs = '\tresource "aws_ebs_volume" "v" {\n\t}\n';
      assert.equal(await fixedOnce(tabs, 'SR-TF-002'), '\tresource "aws_ebs_volume" "v" {\n\t\tencrypted = true\n\t}\n');
    });

    it('adds a nested block\'s attribute inside that block, and a dynamic block\'s inside its content', async () => {
      const text = tf(
        'resource "aws_instance" "i" {',
        '  root_block_device {',
        '    volume_size = 8',
        '  }',
        '  dynamic "ebs_block_device" {',
        '    for_each = var.volumes',
        '    content {',
        '      device_name = ebs_block_device.value',
        '    }',
        '  }',
        '}',
      );
      let fixed = await fixedOnce(text, 'SR-TF-002');
      fixed = await fixedOnce(fixed, 'SR-TF-002');
      assert.equal(
        fixed,
        tf(
          'resource "aws_instance" "i" {',
          '  root_block_device {',
          '    volume_size = 8',
          '    encrypted = true',
          '  }',
          '  dynamic "ebs_block_device" {',
          '    for_each = var.volumes',
          '    content {',
          '      device_name = ebs_block_device.value',
          '      encrypted = true',
          '    }',
          '  }',
          '}',
        ),
      );
      assert.deepEqual(await findingsOf(fixed, 'SR-TF-002'), []);
    });

    it('adds the EKS log types to the list in its layout, or adds the attribute', async () => {
      assert.equal(
        await fixedOnce(tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = ["api"]', '}'), 'SR-TF-005'),
        tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = ["api", "audit", "authenticator"]', '}'),
      );
      assert.equal(
        await fixedOnce(tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = [', '    "audit",', '  ]', '}'), 'SR-TF-005'),
        tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = [', '    "audit",', '    "api",', '    "authenticator",', '  ]', '}'),
      );
      assert.equal(
        await fixedOnce(tf('resource "aws_eks_cluster" "k" {', '  name = "k"', '}'), 'SR-TF-005'),
        tf('resource "aws_eks_cluster" "k" {', '  name = "k"', '  enabled_cluster_log_types = ["api", "audit", "authenticator"]', '}'),
      );
      assert.equal(
        await fixedOnce(tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = null', '}'), 'SR-TF-005'),
        tf('resource "aws_eks_cluster" "k" {', '  enabled_cluster_log_types = ["api", "audit", "authenticator"]', '}'),
      );
    });

    it('turns map_public_ip_on_launch off', async () => {
      assert.equal(
        await fixedOnce(tf('resource "aws_subnet" "s" {', '  map_public_ip_on_launch = true', '}'), 'SR-TF-007'),
        tf('resource "aws_subnet" "s" {', '  map_public_ip_on_launch = false', '}'),
      );
    });

    it('offers no fix inside a block whose closing brace is missing', async () => {
      const findings = await findingsOf('resource "aws_ebs_volume" "v" {\n  size = 1\n', 'SR-TF-002');
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.fix, undefined);
    });
  });

  describe('syntax errors', () => {
    it('reports the first error once and still checks the rest of the file', async () => {
      const text = tf(
        'resource "aws_db_instance" "broken" {',
        '  storage_encrypted = ',
        '}',
        'resource "aws_db_instance" "fine_syntax" {',
        '  engine = "postgres"',
        '}',
        'resource "aws_subnet" "s" {',
        '  map_public_ip_on_launch = true',
        '  oops = [1, 2',
        '}',
      );
      const findings = await lint(text);
      const parse = findings.filter((f) => f.ruleId === 'SR-PARSE');
      assert.equal(parse.length, 1);
      assert.equal(parse[0]!.severity, 'error');
      assert.ok(parse[0]!.range.start.line <= 2, `at the first error, got line ${parse[0]!.range.start.line}`);
      assert.ok(covered(text, parse[0]!).length > 0);
      assert.ok(findings.some((f) => f.ruleId === 'SR-TF-001' && f.message.includes('fine_syntax')), 'the next resource is checked');
      assert.ok(findings.some((f) => f.ruleId === 'SR-TF-007'), 'resources after the error are checked');
    });

    it('points an unclosed block at its brace, and checks the resources it swallowed', async () => {
      const text = tf('resource "aws_s3_bucket" "open" {', '  bucket = "x"', '', 'resource "aws_cloudwatch_log_group" "g" {', '  name = "/x"', '}');
      const findings = await lint(text);
      const [parse] = findings.filter((f) => f.ruleId === 'SR-PARSE');
      assert.ok(parse);
      assert.equal(covered(text, parse), '{');
      assert.equal(parse.range.start.line, 0);
      assert.match(parse.message, /never closed/);
      assert.deepEqual(
        findings.filter((f) => f.ruleId === 'SR-TF-006').map((f) => covered(text, f)),
        ['resource "aws_cloudwatch_log_group" "g"'],
      );
    });

    it('reports stray text with a non-empty range and its excerpt', async () => {
      const text = 'resource "aws_subnet" "s" {\n  map_public_ip_on_launch = true\n}\n%%% what is this\n';
      const findings = await lint(text);
      const [parse] = findings.filter((f) => f.ruleId === 'SR-PARSE');
      assert.ok(parse);
      assert.equal(parse.range.start.line, 3);
      assert.match(parse.message, /Syntax error/);
      assert.ok(findings.some((f) => f.ruleId === 'SR-TF-007'));
    });
  });

  describe('unknown values', () => {
    it('never reports variables, locals, references, functions or conditionals', async () => {
      const text = tf(
        'resource "aws_db_instance" "a" { storage_encrypted = var.enc }',
        'resource "aws_rds_cluster" "b" { storage_encrypted = local.enc }',
        'resource "aws_ebs_volume" "c" { encrypted = var.on ? true : false }',
        'resource "aws_ebs_volume" "d" { encrypted = !var.off }',
        'resource "aws_ebs_volume" "e" { encrypted = tobool(var.x) }',
        'resource "aws_security_group_rule" "f" {',
        '  type        = var.direction',
        '  from_port   = 22',
        '  to_port     = 22',
        '  protocol    = "tcp"',
        '  cidr_blocks = ["0.0.0.0/0"]',
        '}',
        'resource "aws_security_group_rule" "g" {',
        '  type        = "ingress"',
        '  from_port   = 22',
        '  to_port     = 22',
        '  protocol    = local.proto',
        '  cidr_blocks = ["0.0.0.0/0"]',
        '}',
        'resource "aws_security_group_rule" "h" {',
        '  type        = "ingress"',
        '  from_port   = 22',
        '  to_port     = 22',
        '  protocol    = "tcp"',
        '  cidr_blocks = ["${var.prefix}/0"]',
        '}',
        'resource "aws_eks_cluster" "i" { enabled_cluster_log_types = [for t in var.types : lower(t)] }',
        'resource "aws_cloudwatch_log_group" "j" { retention_in_days = var.days }',
        'resource "aws_subnet" "k" { map_public_ip_on_launch = var.public }',
        'resource "aws_iam_policy" "l" { policy = jsonencode(local.doc) }',
        'resource "aws_iam_policy" "m" {',
        '  policy = jsonencode({ Statement = [{ Effect = var.effect, Action = "*", Resource = "*" }] })',
        '}',
        'resource "aws_iam_policy" "n" {',
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = var.resources }] })',
        '}',
        'resource "aws_iam_policy" "o" {',
        '  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"${var.a}\\", \\"Resource\\": \\"*\\"}]}"',
        '}',
      );
      const findings = await lint(text);
      assert.deepEqual(findings.filter((f) => f.ruleId !== 'SR-PARSE'), [], JSON.stringify(findings, null, 1));
      assert.deepEqual(findings.filter((f) => f.ruleId === 'SR-PARSE'), []);
    });

    it('reads a dynamic block\'s literal for_each, and leaves references into a variable for_each unknown', async () => {
      const text = tf(
        'data "aws_iam_policy_document" "d" {',
        '  dynamic "statement" {',
        '    for_each = toset(["*", "s3:GetObject"])',
        '    content {',
        '      actions   = [statement.value]',
        '      resources = ["*"]',
        '    }',
        '  }',
        '  dynamic "statement" {',
        '    for_each = var.statements',
        '    content {',
        '      actions   = statement.value.actions',
        '      resources = ["*"]',
        '    }',
        '  }',
        '}',
      );
      const findings = await findingsOf(text, 'SR-TF-008');
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.range.start.line, 2);
      assert.equal(covered(text, findings[0]!), '"*"');
    });
  });

  describe('the parser', () => {
    it('is loaded once, however many files are linted at the same time', async () => {
      const texts = Array.from({ length: 20 }, (_, i) => `resource "aws_subnet" "s${i}" { map_public_ip_on_launch = true }\n`);
      const results = await Promise.all(texts.map((text) => lint(text)));
      assert.ok(results.every((findings) => findings.length === 1));
      assert.equal(hclParser.parserLoads, 1);
    });

    it('goes through lintManifest for .tf files, with suppression comments', async () => {
      const text = tf(
        'resource "aws_subnet" "a" {',
        '  # security-runbooks-ignore: SR-TF-007',
        '  map_public_ip_on_launch = true',
        '}',
        'resource "aws_subnet" "b" {',
        '  map_public_ip_on_launch = true // security-runbooks-ignore',
        '}',
        'resource "aws_subnet" "c" {',
        '  map_public_ip_on_launch = true',
        '}',
      );
      const { kind, findings } = await lintManifest({ path: 'network/main.tf', text });
      assert.equal(kind, 'terraform');
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.range.start.line]),
        [['SR-TF-007', 8]],
      );
    });
  });

  describe('hostile input', () => {
    const nasty: Array<[string, () => string]> = [
      ['empty', () => ''],
      ['only whitespace', () => ' \n\t\r\n'],
      ['only a comment', () => '# nothing'],
      ['unbalanced opening braces', () => 'resource "aws_ebs_volume" "v" {\n'.repeat(200)],
      ['unbalanced closing braces', () => '}}}]]])))\n'.repeat(100)],
      ['an unterminated string', () => 'resource "aws_subnet" "s {\n  map_public_ip_on_launch = true\n'],
      ['an unterminated heredoc', () => 'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Statement": []}\n'],
      ['an unterminated interpolation', () => 'resource "aws_iam_policy" "p" {\n  policy = "${jsonencode({\n}\n'],
      ['deep nesting of lists', () => `x = ${'['.repeat(20000)}${']'.repeat(20000)}\n`],
      ['deep nesting of blocks', () => `${'a {\n'.repeat(3000)}${'}\n'.repeat(3000)}`],
      ['deep nesting in jsonencode', () => `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'{ a = '.repeat(2000)}1${' }'.repeat(2000)})\n}\n`],
      ['deep JSON in a heredoc', () => `resource "aws_iam_policy" "p" {\n  policy = <<EOT\n${'['.repeat(5000)}${']'.repeat(5000)}\nEOT\n}\n`],
      ['binary with NUL bytes', () => randomBytes(4096).toString('latin1') + '\u0000'],
      ['random text', () => randomBytes(20000).toString('base64')],
      ['random bytes as latin1', () => randomBytes(20000).toString('latin1').replace(/\u0000/g, ' ')],
      ['lone surrogates', () => 'resource "aws_subnet" "\ud800" {\n  map_public_ip_on_launch = "\udc00"\n}\n'],
      ['a BOM', () => '\ufeffresource "aws_subnet" "s" {\n  map_public_ip_on_launch = true\n}\n'],
      ['old Mac line endings', () => 'resource "aws_subnet" "s" {\r  map_public_ip_on_launch = true\r}\r'],
    ];
    for (const [name, make] of nasty) {
      it(`does not throw on ${name}`, async function () {
        this.timeout(20_000);
        const text = make();
        const findings = await lint(text);
        for (const finding of findings) {
          assert.ok(finding.range.start.line >= 0 && finding.range.end.line >= finding.range.start.line);
          if (finding.fix) assert.doesNotThrow(() => applyEdits(text, finding.fix!.edits));
        }
        assert.ok(findings.filter((f) => f.ruleId === 'SR-PARSE').length <= 1);
      });
    }

    it('says a binary file was not checked', async () => {
      const [finding] = await lint('\u0000\u0001\u0002resource');
      assert.equal(finding?.ruleId, 'SR-PARSE');
      assert.match(finding.message, /binary/);
    });

    it('lints a 1 MB file of checked resources, finding every one', async function () {
      this.timeout(20_000);
      const resource = (i: number): string =>
        tf(`resource "aws_cloudwatch_log_group" "g${i}" {`, `  name = "/app/${i}"`, '  tags = {', `    Index = "${i}"`, '    Team  = "platform"', '  }', '}', '');
      let text = '';
      let count = 0;
      while (text.length < 1024 * 1024) text += resource(count++);
      const findings = await lint(text);
      assert.equal(findings.filter((f) => f.ruleId === 'SR-TF-006').length, count);
    });

    it('gives up on a parse that runs over its budget and recovers for the next file', async function () {
      this.timeout(20_000);
      const garbage = 'a = "' + '${'.repeat(30_000);
      const tree = await hclParser.parseTerraform(garbage, 1);
      assert.equal(tree, undefined, 'a 1 ms budget is not enough');
      const findings = await lint('resource "aws_subnet" "s" { map_public_ip_on_launch = true }\n');
      assert.deepEqual(
        findings.map((f) => f.ruleId),
        ['SR-TF-007'],
      );
    });

    it('survives random mutations of the fixtures (a quick version of the fuzz test)', async function () {
      this.timeout(60_000);
      const texts: string[] = [];
      for (const rule of readdirSync(FIXTURES)) for (const name of readdirSync(path.join(FIXTURES, rule))) texts.push(readFileSync(path.join(FIXTURES, rule, name), 'utf8'));
      let seed = 7;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const pieces = ['{', '}', '[', ']', '"', '${', '<<EOT\n', '\nEOT\n', '=', '\n', '#', '//', '/*', '\\', '0.0.0.0/0', '*', 'dynamic', '\u0000', '😀'];
      for (let round = 0; round < 400; round++) {
        let text = texts[random(texts.length)]!;
        for (let m = 0; m < 1 + random(4); m++) {
          const at = random(text.length + 1);
          const kind = random(3);
          if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random(20));
          else if (kind === 1) text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
          else text = text.slice(0, at) + text.slice(random(text.length + 1)).slice(0, 40) + text.slice(at);
        }
        const findings = await lint(text);
        for (const finding of findings) if (finding.fix) applyEdits(text, finding.fix.edits);
      }
    });
  });
});
