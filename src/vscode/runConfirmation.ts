import * as vscode from 'vscode';
import type { PolicyDecision } from '../cells/runPolicy';

/** Answers quicker than this are taken as a keypress meant for something else. */
const DELIBERATE_ANSWER_MS = 800;

/** Who and where a confirmation is about. */
export interface ConfirmationSubject {
  cellName: string;
  risk: string;
  /** The exact command after parameter substitution (secrets masked). */
  command: string;
  account?: string;
  region?: string;
  principal?: string;
}

/**
 * Asks the person before a guarded cell runs. Modal, so it cannot be missed or
 * answered by a stray keypress into the editor; production and destructive cells
 * need the account id typed. Resolves true only on an explicit yes.
 */
export async function confirmRun(decision: Extract<PolicyDecision, { action: 'confirm' | 'confirmByTypingAccount' }>, subject: ConfirmationSubject): Promise<boolean> {
  const production = decision.action === 'confirmByTypingAccount' || decision.production;
  const where = [
    subject.account ? `Account: ${subject.account}${production ? ' (PRODUCTION)' : ''}` : undefined,
    subject.region ? `Region: ${subject.region}` : undefined,
    subject.principal ? `As: ${subject.principal}` : undefined,
  ].filter(Boolean);
  const detail = [...where, '', 'Command:', subject.command].join('\n');
  const title = production
    ? `Run ${subject.risk} cell "${subject.cellName}" against PRODUCTION?`
    : `Run ${subject.risk} cell "${subject.cellName}"?`;
  const run: vscode.MessageItem = { title: decision.action === 'confirmByTypingAccount' ? 'Continue…' : 'Run' };
  const cancel: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };
  // VS Code makes "Run" the dialog's default button, so an Enter pressed one time too
  // many (after the parameter prompts, say) would run the cell. An answer faster than
  // a person can read the dialog is not taken as a yes: the dialog asks again.
  let note = '';
  for (;;) {
    const shown = Date.now();
    const answer = await vscode.window.showWarningMessage(title, { modal: true, detail: note + detail }, cancel, run);
    if (answer !== run) return false;
    if (Date.now() - shown >= DELIBERATE_ANSWER_MS) break;
    note = 'That answer came too quickly to be deliberate. Read the details, then confirm again.\n\n';
  }
  if (decision.action !== 'confirmByTypingAccount') return true;
  const account = subject.account ?? '';
  const typed = await vscode.window.showInputBox({
    title: `Destructive cell "${subject.cellName}" against production`,
    prompt: `Type the account id ${account} to run it`,
    placeHolder: account,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === account ? undefined : `Type ${account} exactly`),
  });
  return typed?.trim() === account;
}
