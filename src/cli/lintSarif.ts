/**
 * Lint results as SARIF 2.1.0, the format code-scanning tools read (GitHub code
 * scanning, Azure DevOps, GitLab via converters): every rule with its
 * documentation, each result with its exact region (1-based lines, UTF-16 columns
 * as the editor counts them, end column exclusive) and the quick fix as a SARIF fix.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES } from '../manifests/lint';
import type { Finding, RuleDoc, Severity } from '../manifests/model';
import { ruleDocMarkdown } from '../manifests/ruleDocs';
import type { LintedFile } from './lintFiles';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub's `security-severity` (0–10): high, medium, low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };
const KIND_TAG = { kubernetes: 'kubernetes', dockerfile: 'dockerfile', terraform: 'terraform', any: 'manifest' } as const;

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(finding: Pick<Finding, 'range'>): SarifRegion {
  const { start, end } = finding.range;
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function ruleDescriptor(rule: RuleDoc) {
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ? next.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: `${rule.rationale}\n\n${rule.remediation}`, markdown: ruleDocMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', KIND_TAG[rule.kind], ...rule.controls],
      precision: 'high',
      'problem.severity': rule.severity === 'info' ? 'recommendation' : rule.severity,
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** Relative to %SRCROOT% when under the working folder (what code scanning expects), else an absolute file: URI. */
function artifactFor(file: LintedFile): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file.displayPath)) return { uri: pathToFileURL(file.path).href };
  return { uri: file.displayPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export interface SarifOptions {
  toolVersion: string;
  /** The folder paths are relative to (becomes the `%SRCROOT%` base), as a file: URI ending in `/`. */
  rootUri: string;
}

export function lintSarif(files: readonly LintedFile[], options: SarifOptions): object {
  const rules = ALL_RULES.map(ruleDescriptor);
  const index = new Map(ALL_RULES.map((rule, i) => [rule.id, i]));
  const results = files.flatMap((file) =>
    file.findings.map((finding) => {
      const artifactLocation = artifactFor(file);
      const result: Record<string, unknown> = {
        ruleId: finding.ruleId,
        ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(finding) } }],
      };
      if (finding.fix) {
        result.fixes = [
          {
            description: { text: finding.fix.title },
            artifactChanges: [
              {
                artifactLocation,
                replacements: finding.fix.edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.newText } })),
              },
            ],
          },
        ];
      }
      return result;
    }),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'security-runbooks',
            fullName: 'Security Runbooks manifest rules',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: options.rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
