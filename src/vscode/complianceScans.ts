import * as vscode from 'vscode';
import { mergeRecheck } from '../compliance/mergeScan';
import type { ItemId, ScanOptions, ScanProgress, ScanResult } from '../compliance/model';
import type { ComplianceView } from '../compliance/treeNodes';
import { loadAwsRuntime } from './awsRuntimeLoader';
import { MissingProfileError, type ComplianceProfile } from './complianceProfile';

export const COMPLIANCE_VIEW_ID = 'securityRunbooks.compliance';
/** Set while a scan runs: the view's title bar then offers Cancel instead of Refresh. */
export const SCANNING_CONTEXT = 'securityRunbooks.compliance.scanning';
const CACHE_KEY = 'securityRunbooks.compliance.scans';
const DEFAULT_CALL_TIMEOUT_MS = 20_000;
/** Progress redraws the tree at most this often. */
const PROGRESS_REDRAW_MS = 250;

interface ActiveScan {
  profile: string;
  /** A re-check of these items; undefined for a full scan. */
  items?: ItemId[];
  progress?: ScanProgress;
  abort: AbortController;
  promise: Promise<ScanResult | undefined>;
}

/**
 * Runs compliance scans as the chosen profile, one at a time, and keeps what the
 * tree shows: the last scan per profile (in workspace state, so it survives a
 * reload), the scan in progress and the last failure. A failed scan never replaces
 * the previous results.
 */
export class ComplianceScans implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly errors = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private active?: ActiveScan;
  private queuedFullScan?: Promise<ScanResult | undefined>;
  private tail: Promise<unknown> = Promise.resolve();
  private redrawTimer?: NodeJS.Timeout;

  constructor(
    private readonly state: vscode.Memento,
    private readonly profile: ComplianceProfile,
  ) {
    this.disposables.push(
      profile.onDidChange(() => {
        // A scan of the previous profile is of no use any more.
        this.cancel();
        this.changed.fire();
      }),
    );
  }

  dispose(): void {
    this.active?.abort.abort();
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }

  /** What the tree shows for the chosen profile; undefined before one is chosen. */
  view(): ComplianceView | undefined {
    const choice = this.profile.choice();
    if (!choice) return undefined;
    const active = this.active?.profile === choice.profile ? this.active : undefined;
    const scan = this.lastScan(choice.profile);
    const error = this.errors.get(choice.profile);
    return {
      profile: choice.profile,
      region: choice.region,
      ...(scan ? { scan } : {}),
      ...(active ? { running: { ...(active.items ? { items: active.items } : {}), ...(active.progress ? { progress: active.progress } : {}) } } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** The last scan of a profile (the chosen one by default), as cached. */
  lastScan(profile = this.profile.choice()?.profile): ScanResult | undefined {
    if (profile === undefined) return undefined;
    const scan = this.state.get<Record<string, ScanResult>>(CACHE_KEY)?.[profile];
    return scan && Array.isArray(scan.items) ? scan : undefined;
  }

  /** Scans every item. A full scan already running or waiting is shared, not repeated. */
  scanAll(): Promise<ScanResult | undefined> {
    if (this.active && !this.active.items) return this.active.promise;
    if (this.queuedFullScan) return this.queuedFullScan;
    const promise = this.enqueue(() => {
      this.queuedFullScan = undefined;
      return this.execute(undefined);
    });
    this.queuedFullScan = promise;
    return promise;
  }

  /** Re-checks some items and merges them into the last scan. During a full scan, that scan answers. */
  recheck(items: ItemId[]): Promise<ScanResult | undefined> {
    if (this.active && !this.active.items) return this.active.promise;
    if (this.queuedFullScan) return this.queuedFullScan;
    return this.enqueue(() => this.execute(items));
  }

  /** Aborts the scan in progress; true when there was one. */
  cancel(): boolean {
    if (!this.active) return false;
    this.active.abort.abort();
    return true;
  }

  private enqueue(run: () => Promise<ScanResult | undefined>): Promise<ScanResult | undefined> {
    const promise = this.tail.then(run, run);
    this.tail = promise.catch(() => undefined);
    return promise;
  }

  private async execute(items: ItemId[] | undefined): Promise<ScanResult | undefined> {
    const choice = this.profile.choice();
    if (!choice) {
      void vscode.window.showWarningMessage('Choose the AWS profile whose account the Compliance view scans first.');
      return undefined;
    }
    const abort = new AbortController();
    let resolveActive!: (result: ScanResult | undefined) => void;
    const active: ActiveScan = { profile: choice.profile, abort, promise: new Promise((resolve) => (resolveActive = resolve)), ...(items ? { items } : {}) };
    this.active = active;
    await this.setScanningContext(true);
    this.changed.fire();
    let outcome: ScanResult | undefined;
    try {
      outcome = await vscode.window.withProgress({ location: { viewId: COMPLIANCE_VIEW_ID } }, async () => {
        const aws = await this.profile.session();
        if (!aws) return undefined;
        const options: ScanOptions = {
          ...scanSettings(),
          ...(items ? { items } : {}),
          signal: abort.signal,
          onProgress: (progress) => {
            active.progress = progress;
            this.redrawSoon();
          },
        };
        const result = await loadAwsRuntime().runComplianceScan(aws.session, options);
        if (abort.signal.aborted) return undefined;
        const previous = this.lastScan(choice.profile);
        const scan = items && previous ? mergeRecheck(previous, result) : result;
        await this.store(choice.profile, scan);
        this.errors.delete(choice.profile);
        return scan;
      });
    } catch (error) {
      if (abort.signal.aborted) {
        void vscode.window.showInformationMessage('Compliance scan cancelled: the previous results stay shown.');
      } else {
        const message = describeScanError(error, choice.profile, choice.region);
        this.errors.set(choice.profile, message);
        void vscode.window.showErrorMessage(message);
      }
      outcome = undefined;
    } finally {
      if (this.active === active) this.active = undefined;
      if (this.redrawTimer) clearTimeout(this.redrawTimer);
      this.redrawTimer = undefined;
      await this.setScanningContext(this.active !== undefined);
      this.changed.fire();
    }
    resolveActive(outcome);
    return outcome;
  }

  private redrawSoon(): void {
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      this.changed.fire();
    }, PROGRESS_REDRAW_MS);
  }

  private async store(profile: string, scan: ScanResult): Promise<void> {
    const all = this.state.get<Record<string, ScanResult>>(CACHE_KEY) ?? {};
    await this.state.update(CACHE_KEY, { ...all, [profile]: scan });
  }

  private async setScanningContext(scanning: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', SCANNING_CONTEXT, scanning);
  }
}

/** Regions and call time-out from the settings (`securityRunbooks.compliance.*`). */
function scanSettings(): Pick<ScanOptions, 'regions' | 'callTimeoutMs'> {
  const config = vscode.workspace.getConfiguration('securityRunbooks.compliance');
  const regions = (config.get<unknown[]>('regions') ?? []).filter((region): region is string => typeof region === 'string' && region.trim() !== '').map((r) => r.trim());
  const timeout = config.get<number>('callTimeoutMs');
  return {
    ...(regions.length > 0 ? { regions } : {}),
    callTimeoutMs: typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_CALL_TIMEOUT_MS,
  };
}

/** A sentence for people: credentials, network, permissions... (the runtime's own wording when it loads). */
function describeScanError(error: unknown, profile: string, region: string): string {
  if (error instanceof MissingProfileError) return error.message;
  try {
    return loadAwsRuntime().describeAwsError(error, { profile, region, operation: 'Compliance scan' });
  } catch {
    return `Compliance scan (profile "${profile}"): ${error instanceof Error ? error.message : String(error)}`;
  }
}
