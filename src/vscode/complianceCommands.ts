import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPLIANCE_ITEMS, ITEM_IDS, complianceItem } from '../compliance/catalog';
import type { ItemId, ScanResult } from '../compliance/model';
import { findRemediationCell, type RemediationCell } from '../compliance/remediation';
import { complianceReportBaseName, complianceReportJson, complianceReportMarkdown } from '../compliance/report';
import type { ChooseComplianceProfileArgs, ComplianceProfile } from './complianceProfile';
import type { ComplianceScans } from './complianceScans';
import type { ProfileChoice } from './profileSelection';
import type { RunbookLibrary } from './runbookLibrary';

export const COMPLIANCE_COMMANDS = {
  chooseProfile: 'securityRunbooks.compliance.chooseProfile',
  refresh: 'securityRunbooks.compliance.refresh',
  cancel: 'securityRunbooks.compliance.cancel',
  recheckItem: 'securityRunbooks.compliance.recheckItem',
  openRemediation: 'securityRunbooks.compliance.openRemediation',
  exportReport: 'securityRunbooks.compliance.exportReport',
} as const;

export const DEFAULT_REPORT_FOLDER = '.security-runbooks/compliance';

/** A tree node (menus pass the node) or `{ item }` (tests, other commands). */
export type ItemTarget = { itemId?: ItemId } | { item?: ItemId } | undefined;

export interface ChooseProfileCommandArgs extends ChooseComplianceProfileArgs {
  /** Scan right after choosing (default true). */
  scan?: boolean;
}

/** The Compliance view's commands. Each returns what it did, for tests and callers. */
export class ComplianceCommands {
  constructor(
    private readonly profile: ComplianceProfile,
    private readonly scans: ComplianceScans,
    /** The workspace's and the shipped runbooks, where remediation cells are found. */
    private readonly library: RunbookLibrary,
  ) {}

  /** "Choose Profile for Compliance", then a scan (unless `scan: false`; the scan is not awaited). */
  async chooseProfile(args: ChooseProfileCommandArgs = {}): Promise<ProfileChoice | undefined> {
    const choice = await this.profile.choose(args);
    if (choice && args.scan !== false) void this.scans.scanAll();
    return choice;
  }

  /** "Refresh": scans every item (choosing a profile first if none is chosen). */
  async refresh(): Promise<ScanResult | undefined> {
    if (!(await this.profile.ensureChoice())) return undefined;
    return this.scans.scanAll();
  }

  cancel(): boolean {
    return this.scans.cancel();
  }

  /** "Re-check": runs the scan for one item and merges it into the last scan. */
  async recheckItem(target?: ItemTarget): Promise<ScanResult | undefined> {
    const id = itemIdOf(target) ?? (await this.pickItem('Re-check which compliance item?'));
    if (!id) return undefined;
    if (!(await this.profile.ensureChoice())) return undefined;
    return this.scans.recheck([id]);
  }

  /** "Open Remediation": opens the runbook cell whose `controls` name the item's controls, selected and in view. */
  async openRemediation(target?: ItemTarget): Promise<RemediationCell | undefined> {
    const id = itemIdOf(target) ?? (await this.pickItem('Open the remediation of which compliance item?'));
    if (!id) return undefined;
    const item = complianceItem(id);
    const found = findRemediationCell(await this.library.runbooks(), item);
    if (!found) {
      void vscode.window.showWarningMessage(
        `No runbook cell remediates "${item.title}": no cell in the workspace's runbooks or the shipped ones has ${item.controls.map((c) => `"${c}"`).join(' or ')} in its "controls" attribute.`,
      );
      return undefined;
    }
    return this.library.reveal(found);
  }

  /** "Export Compliance Report": the last scan as Markdown and JSON in the report folder; opens the Markdown. */
  async exportReport(args: { folder?: string } = {}): Promise<{ markdown: string; json: string } | undefined> {
    const scan = this.scans.lastScan();
    if (!scan) {
      void vscode.window.showWarningMessage('There is no compliance scan to export yet: choose a profile and refresh the Compliance view first.');
      return undefined;
    }
    const configured = args.folder || vscode.workspace.getConfiguration('securityRunbooks.compliance').get<string>('reportFolder') || DEFAULT_REPORT_FOLDER;
    let folder: vscode.Uri;
    if (path.isAbsolute(configured)) {
      folder = vscode.Uri.file(configured);
    } else {
      const root = vscode.workspace.workspaceFolders?.[0];
      if (!root) {
        void vscode.window.showWarningMessage(`Open a folder first: compliance reports are written to "${configured}" in it (setting securityRunbooks.compliance.reportFolder).`);
        return undefined;
      }
      folder = vscode.Uri.joinPath(root.uri, configured);
    }
    const base = complianceReportBaseName(scan);
    const markdown = vscode.Uri.joinPath(folder, `${base}.md`);
    const json = vscode.Uri.joinPath(folder, `${base}.json`);
    const encoder = new TextEncoder();
    try {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(markdown, encoder.encode(complianceReportMarkdown(scan)));
      await vscode.workspace.fs.writeFile(json, encoder.encode(complianceReportJson(scan)));
    } catch (error) {
      void vscode.window.showErrorMessage(`The compliance report could not be written to ${folder.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    await vscode.window.showTextDocument(markdown, { preview: false });
    void vscode.window.showInformationMessage(`Compliance report written: ${vscode.workspace.asRelativePath(markdown)} and ${path.basename(json.fsPath)}.`);
    return { markdown: markdown.fsPath, json: json.fsPath };
  }

  /** A quick pick of the items, failing ones first (commands run from the palette without a node). */
  private async pickItem(title: string): Promise<ItemId | undefined> {
    const scan = this.scans.lastScan();
    const statusOf = (id: ItemId) => scan?.items.find((item) => item.id === id)?.status;
    const order = { fail: 0, unknown: 1, error: 2, pass: 3 } as const;
    const items = [...COMPLIANCE_ITEMS].sort((a, b) => (order[statusOf(a.id) ?? 'pass'] ?? 4) - (order[statusOf(b.id) ?? 'pass'] ?? 4));
    const picked = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.title, description: [statusOf(item.id) ?? 'not checked', item.controls.join(', ')].join(' · '), id: item.id })),
      { title },
    );
    return picked?.id;
  }
}

function itemIdOf(target: ItemTarget): ItemId | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const id = 'itemId' in target ? target.itemId : 'item' in target ? target.item : undefined;
  return typeof id === 'string' && (ITEM_IDS as readonly string[]).includes(id) ? id : undefined;
}
