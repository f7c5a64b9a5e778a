/**
 * Documentation of the Terraform (AWS provider) rules. What every rule shares:
 * - Only literal values are judged. Variables, locals, references, function calls,
 *   conditionals and operators are unknown until `terraform plan`, and an unknown
 *   value is never reported (no false positives); `count` and `for_each` on
 *   resources are ignored.
 * - References between resources (a bucket's encryption configuration, a secret's
 *   rotation) are followed within the same file only.
 * - `dynamic` blocks are checked through their `content`: per element when
 *   `for_each` is a literal list or map, otherwise once with the iterator's values
 *   unknown.
 */
import type { RuleDoc } from '../model';

const SHARED_NOTE =
  'Only literal values are judged: variables, locals, references, function calls and conditionals are unknown before `terraform plan` and never reported. `dynamic` blocks are checked through their `content` (per element when `for_each` is a literal list or map).';

export const RDS_ENCRYPTION: RuleDoc = {
  id: 'SR-TF-001',
  kind: 'terraform',
  title: 'RDS storage not encrypted at rest',
  severity: 'warning',
  rationale:
    'An `aws_db_instance` or `aws_rds_cluster` without `storage_encrypted = true` keeps its data files, automated backups, read replicas and snapshots unencrypted. Encryption cannot be switched on later in place: it takes a snapshot copy and a restore, with downtime.',
  remediation: [
    'Set `storage_encrypted = true` (and `kms_key_id` for a customer managed key) when the database is created:',
    '',
    '```hcl',
    'resource "aws_db_instance" "orders" {',
    '  engine            = "postgres"',
    '  instance_class    = "db.t4g.medium"',
    '  storage_encrypted = true',
    '  kms_key_id        = aws_kms_key.rds.arn',
    '}',
    '```',
    '',
    'For an existing unencrypted database: snapshot it, copy the snapshot with encryption, and restore from the copy.',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_16 (instance)', 'Checkov CKV_AWS_96 (Aurora cluster)', 'Trivy AWS-0080 (instance)', 'Trivy AWS-0079 (cluster)'],
  controls: ['RDS.3', 'RDS.27', 'CIS 2.3.1'],
  fixable: true,
  notes: [
    'A missing `storage_encrypted` is reported like `false` (the provider default is unencrypted).',
    'Not reported, because the file cannot tell: an `aws_db_instance` with `replicate_source_db` (a replica follows its source) and any database restored with `snapshot_identifier` (encryption follows the snapshot). An `aws_rds_cluster` with `engine_mode = "serverless"` (Aurora Serverless v1) is always encrypted and passes.',
    SHARED_NOTE,
  ].join(' '),
};

export const EBS_ENCRYPTION: RuleDoc = {
  id: 'SR-TF-002',
  kind: 'terraform',
  title: 'EBS volume not encrypted',
  severity: 'warning',
  rationale:
    'Unencrypted EBS volumes leave data, and every snapshot taken from them, readable by anyone who gets hold of a snapshot (shared by mistake, copied to another account). Encrypted volumes cost nothing extra and have no performance penalty.',
  remediation: [
    'Set `encrypted = true` on the volume, on every `root_block_device`/`ebs_block_device` of an instance or launch configuration, and on the `ebs` block of a launch template, or turn on EBS encryption by default for the region:',
    '',
    '```hcl',
    'resource "aws_ebs_volume" "data" {',
    '  availability_zone = "eu-west-1a"',
    '  size              = 100',
    '  encrypted         = true',
    '}',
    '',
    'resource "aws_ebs_encryption_by_default" "this" {',
    '  enabled = true',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_3 (aws_ebs_volume)', 'Checkov CKV_AWS_8 (instance and launch configuration block devices)', 'Trivy AWS-0026 (aws_ebs_volume)', 'Trivy AWS-0131 (instance block devices)'],
  controls: ['EC2.3', 'EC2.7', 'CIS 2.2.1'],
  fixable: true,
  notes: [
    'Checked: `aws_ebs_volume`; `root_block_device` and `ebs_block_device` of `aws_instance` and `aws_launch_configuration`; `block_device_mappings { ebs { ... } }` of `aws_launch_template`. A missing `encrypted` counts as `false`.',
    'An `aws_ebs_encryption_by_default` in the same file that is not explicitly disabled makes every new volume of its region encrypted whatever the resource says, so the rule is silent for that file (peers do not look at it and report every volume). Another file of the module turning it on cannot be seen: suppress the findings or set the attribute.',
    'An instance that declares no block device is not reported: its root volume\'s encryption then comes from the AMI\'s snapshot and the account default, which the file does not show.',
    SHARED_NOTE,
  ].join(' '),
};

export const S3_ENCRYPTION: RuleDoc = {
  id: 'SR-TF-003',
  kind: 'terraform',
  title: 'S3 bucket without explicit encryption configuration',
  severity: 'info',
  rationale:
    'Since January 2023 AWS encrypts every new object with SSE-S3 (keys AWS owns and manages) when a bucket has no configuration of its own. That protects against lost disks, not against someone with read access to the bucket: only SSE-KMS with a customer managed key adds a key policy, key usage in CloudTrail and the ability to revoke access by disabling the key. A bucket without an explicit configuration has made no such choice.',
  remediation: [
    'Declare the encryption, in the same file as the bucket:',
    '',
    '```hcl',
    'resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {',
    '  bucket = aws_s3_bucket.logs.id',
    '',
    '  rule {',
    '    apply_server_side_encryption_by_default {',
    '      sse_algorithm     = "aws:kms"',
    '      kms_master_key_id = aws_kms_key.logs.arn',
    '    }',
    '    bucket_key_enabled = true',
    '  }',
    '}',
    '```',
  ].join('\n'),
  peers: ['Trivy AWS-0088 (fails a bucket without encryption configuration)', 'Checkov CKV_AWS_19 (passes it: default encryption since 2023)', 'Checkov CKV_AWS_145 (KMS)'],
  controls: [],
  fixable: false,
  notes: [
    'Trivy fails a bucket without an encryption configuration; Checkov passes it because AWS applies SSE-S3 by default since January 2023. Both are right about different things: the data is encrypted, but with keys nobody can control. We report it, as information only, so the choice is visible without raising a warning for data that is in fact encrypted.',
    'A bucket passes with an inline `server_side_encryption_configuration` block (deprecated in AWS provider v4, still honoured) or an `aws_s3_bucket_server_side_encryption_configuration` in the same file whose `bucket` refers to it (`aws_s3_bucket.NAME.id` or `.bucket`) or names the same literal bucket. A configuration whose `bucket` cannot be resolved (a variable) may be for any bucket of the file, so the rule is then silent for that file. Configurations in other files cannot be seen. Security Hub\'s former control S3.4 was retired when default encryption arrived, so no control id is given.',
    SHARED_NOTE,
  ].join(' '),
};

export const SECURITY_GROUP_ADMIN_PORTS: RuleDoc = {
  id: 'SR-TF-004',
  kind: 'terraform',
  title: 'Security group open to the internet on admin ports',
  severity: 'error',
  rationale:
    'Ingress from `0.0.0.0/0` or `::/0` to SSH (22) or RDP (3389), or to every port, exposes the instances to the whole internet: these ports are scanned within minutes of an address going live and are the first target of credential stuffing and exploits.',
  remediation: [
    'Allow administration only from known ranges (a VPN, a bastion), or use SSM Session Manager and open no admin port at all:',
    '',
    '```hcl',
    'resource "aws_vpc_security_group_ingress_rule" "ssh_from_vpn" {',
    '  security_group_id = aws_security_group.web.id',
    '  cidr_ipv4         = "10.20.0.0/16"',
    '  ip_protocol       = "tcp"',
    '  from_port         = 22',
    '  to_port           = 22',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_24 (port 22)', 'Checkov CKV_AWS_25 (port 3389)', 'Checkov CKV_AWS_277 (all ports)', 'Trivy AWS-0107 (22 and 3389)'],
  controls: ['EC2.13', 'EC2.14', 'EC2.19', 'EC2.53', 'EC2.54', 'CIS 5.2', 'CIS 5.3'],
  fixable: false,
  notes: [
    'Checked: `ingress` blocks (and `dynamic "ingress"`) or an `ingress` list of objects in `aws_security_group` and `aws_default_security_group`; `aws_security_group_rule` with `type = "ingress"`; `aws_vpc_security_group_ingress_rule` (`cidr_ipv4`/`cidr_ipv6`).',
    'Reported: protocol `-1`/`all` (every port, like Checkov CKV_AWS_277, which Trivy AWS-0107 does not cover), or any other protocol but ICMP whose port range includes 22 or 3389 (a range like 0-65535 counts). The finding points at the open CIDR. No quick fix: which range should be allowed instead is a decision only the author can make.',
    SHARED_NOTE,
  ].join(' '),
};

export const EKS_CONTROL_PLANE_LOGS: RuleDoc = {
  id: 'SR-TF-005',
  kind: 'terraform',
  title: 'EKS cluster without api, audit and authenticator logs',
  severity: 'warning',
  rationale:
    'Without the `audit` log there is no record of who did what through the Kubernetes API (the first thing an incident responder asks for); `authenticator` shows which IAM identity became which Kubernetes user, and `api` shows the API server\'s own errors. EKS control plane logs are off unless `enabled_cluster_log_types` lists them.',
  remediation: [
    'List at least the three types (they go to the `/aws/eks/<cluster>/cluster` log group; give it a retention):',
    '',
    '```hcl',
    'resource "aws_eks_cluster" "main" {',
    '  name                      = "main"',
    '  role_arn                  = aws_iam_role.eks.arn',
    '  enabled_cluster_log_types = ["api", "audit", "authenticator"]',
    '',
    '  vpc_config {',
    '    subnet_ids = var.private_subnet_ids',
    '  }',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_37 (wants all five types)', 'Trivy AWS-0038 (one finding per missing type)'],
  controls: ['EKS.8'],
  fixable: true,
  notes: [
    'We require `api`, `audit` and `authenticator`, in one finding that names the missing types. Checkov also wants `controllerManager` and `scheduler`, which mostly record the control plane\'s own housekeeping and cost log volume; Security Hub EKS.8 requires `audit`. A list with unknown items (a variable) is not reported, since the missing types may be in it.',
    SHARED_NOTE,
  ].join(' '),
};

export const LOG_GROUP_RETENTION: RuleDoc = {
  id: 'SR-TF-006',
  kind: 'terraform',
  title: 'CloudWatch log group without retention',
  severity: 'warning',
  rationale:
    'A log group without `retention_in_days` keeps its logs forever by accident: storage costs grow without bound, and logs holding personal data are kept longer than any policy allows. Retention should be a decision written down in the code.',
  remediation: [
    'Set a retention (in days; one of the values CloudWatch accepts — 365 and more for audit trails):',
    '',
    '```hcl',
    'resource "aws_cloudwatch_log_group" "app" {',
    '  name              = "/app/web"',
    '  retention_in_days = 365',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_66 (retention set)', 'Checkov CKV_AWS_338 (at least 365 days, or 0)'],
  controls: ['CloudWatch.16'],
  fixable: true,
  notes: [
    'Reported: no `retention_in_days` (or `null`). An explicit `retention_in_days = 0` means "never expire" in the AWS provider and is accepted as a deliberate choice, like Checkov CKV_AWS_338 does. Short retentions (under 365 days) are not reported by this rule, although CKV_AWS_338 and Security Hub CloudWatch.16 (default minimum 365) would flag them: application logs often have good reasons for a short life.',
    SHARED_NOTE,
  ].join(' '),
};

export const SUBNET_PUBLIC_IP: RuleDoc = {
  id: 'SR-TF-007',
  kind: 'terraform',
  title: 'Subnet assigns public IPs at launch',
  severity: 'warning',
  rationale:
    'With `map_public_ip_on_launch = true` every instance, task or node started in the subnet gets a public address, reachable from the internet as soon as a security group rule allows it. Workloads belong in private subnets behind a load balancer or NAT gateway; the few resources that need a public address (a NAT gateway, a load balancer) get their own Elastic IPs without this setting.',
  remediation: [
    'Turn it off and give a public address explicitly where one is really needed:',
    '',
    '```hcl',
    'resource "aws_subnet" "app" {',
    '  vpc_id                  = aws_vpc.main.id',
    '  cidr_block              = "10.0.1.0/24"',
    '  map_public_ip_on_launch = false',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_130', 'Trivy AWS-0164'],
  controls: ['EC2.15'],
  fixable: true,
  notes: ['The quick fix sets the value to `false`. `aws_default_subnet` is not checked (default subnets are public by AWS\'s design; use your own subnets for workloads).', SHARED_NOTE].join(' '),
};

export const IAM_WILDCARD_POLICY: RuleDoc = {
  id: 'SR-TF-008',
  kind: 'terraform',
  title: 'IAM policy allows every action on every resource',
  severity: 'error',
  rationale:
    'A statement with `"Action": "*"` on `"Resource": "*"` is full administrator access: whoever holds it can create users, read every secret, delete every log and disable every control, so one leaked credential becomes the whole account.',
  remediation: [
    'Grant the actions and resources the role really uses (IAM Access Analyzer can generate a policy from CloudTrail activity):',
    '',
    '```hcl',
    'data "aws_iam_policy_document" "reader" {',
    '  statement {',
    '    actions   = ["s3:GetObject", "s3:ListBucket"]',
    '    resources = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]',
    '  }',
    '}',
    '```',
  ].join('\n'),
  peers: ['Checkov CKV_AWS_1', 'Checkov CKV_AWS_62', 'Checkov CKV_AWS_63', 'Checkov CKV_AWS_355', 'Trivy AWS-0057'],
  controls: ['IAM.1', 'CIS 1.16'],
  fixable: false,
  notes: [
    'Checked: `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy` and the `inline_policy` blocks of `aws_iam_role`, written as `jsonencode({...})` or as JSON in a quoted string or heredoc; and the `statement` blocks of `data "aws_iam_policy_document"` (where `effect` defaults to `Allow`). A statement is reported when its effect is `Allow`, its actions include `*` (or `*:*`) and its resources include `*`; the finding points at the action. Conditions do not exempt it (as in Checkov). Statements whose JSON contains interpolations are read around them; a policy read from a file or a variable is unknown.',
    SHARED_NOTE,
  ].join(' '),
};

export const SECRET_ROTATION: RuleDoc = {
  id: 'SR-TF-009',
  kind: 'terraform',
  title: 'Secrets Manager secret without rotation',
  severity: 'warning',
  rationale:
    'A secret that is never rotated stays valid for as long as anyone who ever saw it (a former employee, a leaked log, a copied `.env`) keeps a copy. Automatic rotation bounds that window and proves the application can survive a credential change before an incident forces one.',
  remediation: [
    'Add a rotation next to the secret:',
    '',
    '```hcl',
    'resource "aws_secretsmanager_secret_rotation" "db" {',
    '  secret_id           = aws_secretsmanager_secret.db.id',
    '  rotation_lambda_arn = aws_lambda_function.rotate_db.arn',
    '',
    '  rotation_rules {',
    '    automatically_after_days = 30',
    '  }',
    '}',
    '```',
    '',
    'For RDS master passwords, `manage_master_user_password = true` on the database lets RDS store and rotate the secret itself.',
  ].join('\n'),
  peers: ['Checkov CKV2_AWS_57'],
  controls: ['SecretsManager.1'],
  fixable: false,
  notes: [
    'Only the same file is considered: a secret passes when an `aws_secretsmanager_secret_rotation` in the file refers to it in `secret_id` (`aws_secretsmanager_secret.NAME.id` or `.arn`, or its literal name or ARN), or when it has the legacy inline `rotation_rules`/`rotation_lambda_arn`. A rotation whose `secret_id` cannot be resolved (a variable) may be for any secret, so the rule is then silent for the file. A rotation declared in another file of the module is not seen: keep it next to its secret, or suppress the finding on that line.',
    SHARED_NOTE,
  ].join(' '),
};

export const TERRAFORM_RULE_DOCS: readonly RuleDoc[] = [
  RDS_ENCRYPTION,
  EBS_ENCRYPTION,
  S3_ENCRYPTION,
  SECURITY_GROUP_ADMIN_PORTS,
  EKS_CONTROL_PLANE_LOGS,
  LOG_GROUP_RETENTION,
  SUBNET_PUBLIC_IP,
  IAM_WILDCARD_POLICY,
  SECRET_ROTATION,
];
