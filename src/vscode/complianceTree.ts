import * as vscode from 'vscode';
import { complianceTreeNodes, type ComplianceNode } from '../compliance/treeNodes';
import { COMPLIANCE_VIEW_ID, type ComplianceScans } from './complianceScans';

/**
 * The Compliance view's data: the account, its ten checklist items, regions,
 * evidence and Security Hub findings. What each node says is decided in
 * src/compliance/treeNodes.ts; this copies it into TreeItems.
 */
export class ComplianceTreeProvider implements vscode.TreeDataProvider<ComplianceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly scans: ComplianceScans) {
    this.subscription = scans.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  getChildren(node?: ComplianceNode): ComplianceNode[] {
    return node ? node.children : complianceTreeNodes(this.scans.view());
  }

  getTreeItem(node: ComplianceNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.iconPath = node.icon.color ? new vscode.ThemeIcon(node.icon.id, new vscode.ThemeColor(node.icon.color)) : new vscode.ThemeIcon(node.icon.id);
    item.contextValue = node.contextValue;
    return item;
  }
}

/** The view in its activity-bar container, with a badge counting failing items. */
export function createComplianceTreeView(provider: ComplianceTreeProvider, scans: ComplianceScans): vscode.Disposable {
  const view = vscode.window.createTreeView(COMPLIANCE_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const updateBadge = (): void => {
    const failing = scans.view()?.scan?.items.filter((item) => item.status === 'fail').length ?? 0;
    view.badge = failing > 0 ? { value: failing, tooltip: `${failing} compliance item${failing === 1 ? '' : 's'} failing` } : undefined;
  };
  updateBadge();
  const subscription = scans.onDidChange(updateBadge);
  return vscode.Disposable.from(subscription, view);
}
