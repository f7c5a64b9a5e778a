/**
 * Manifest diagnostics as plain data: what a rule is (its documentation), what it
 * found (a finding with an exact range and maybe a fix), and how settings change
 * it. No `vscode` here: the glue turns findings into Diagnostics and fixes into
 * WorkspaceEdits, and the command line (later) into SARIF.
 */

export type Severity = 'error' | 'warning' | 'info';

export type ManifestKind = 'kubernetes' | 'dockerfile' | 'terraform';

/** Zero-based, like VS Code and LSP; `character` counts UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix: applying all its edits yields a file that passes the rule and still parses. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  /** `SR-K8S-003`; `SR-PARSE` for a syntax error, `SR-TEMPLATE` for a skipped template. */
  ruleId: string;
  severity: Severity;
  /** One sentence naming the exact object ("container \"web\" in Deployment/api ..."). */
  message: string;
  /** The exact key or value, never the whole document. */
  range: Range;
  fix?: Fix;
}

/** A rule's documentation: shown behind the diagnostic's code link. */
export interface RuleDoc {
  id: string;
  /** The kind of file it checks; `any` for findings about the file itself (syntax, templates). */
  kind: ManifestKind | 'any';
  title: string;
  /** The default severity (settings may change it). */
  severity: Severity;
  /** Why it matters (Markdown). */
  rationale: string;
  /** How to fix it (Markdown, with an example). */
  remediation: string;
  /** Related peer rule ids: `Checkov CKV_K8S_23`, `Trivy KSV-0012`, `hadolint DL3002`... */
  peers: string[];
  /** Compliance control ids (as runbook cells cite them) this rule relates to, e.g. `EKS.8`. */
  controls: string[];
  /** Whether findings of this rule come with a quick fix. */
  fixable: boolean;
  /** Where our semantics differ from a peer, and which way we went. */
  notes?: string;
}

/** Per rule id: `off`, or a severity replacing the default. */
export type RuleSettings = Readonly<Record<string, 'off' | Severity>>;

/** A NetworkPolicy found in some workspace file (for the cross-file rule). */
export interface NetworkPolicyFact {
  namespace: string;
  name: string;
  /** The policy's spec.podSelector (empty = every pod of the namespace). */
  podSelector: LabelSelector;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** What the workspace's Kubernetes manifests declare, gathered file by file. */
export interface WorkspaceFacts {
  /** Namespaces declared by Namespace objects. */
  namespaces: ReadonlySet<string>;
  networkPolicies: readonly NetworkPolicyFact[];
}

export interface LintRequest {
  /** The file's path (its name decides Dockerfile/Terraform; Kubernetes is recognised by content). */
  path: string;
  text: string;
  settings?: RuleSettings;
  /** Facts of the other manifests in the workspace; without them the cross-file rule stays silent. */
  workspace?: WorkspaceFacts;
}

export interface LintResult {
  /** Undefined when the file is not a manifest we lint (then there are no findings). */
  kind?: ManifestKind;
  findings: Finding[];
}
