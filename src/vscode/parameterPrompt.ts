import * as vscode from 'vscode';
import { validateParameterValue, type ParameterSpec } from '../runbook/parameters';

/**
 * Asks for a run's parameters, one input box each, validated as typed; secrets in
 * a password box. Values live only in memory for the run. Undefined when the
 * person cancels.
 */
export async function askParameters(specs: readonly ParameterSpec[], preset: Record<string, string> = {}): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const [index, spec] of specs.entries()) {
    if (preset[spec.name] !== undefined) {
      const checked = validateParameterValue(spec, preset[spec.name]!);
      if ('error' in checked) throw new Error(checked.error);
      values[spec.name] = checked.value;
      continue;
    }
    const answer = await vscode.window.showInputBox({
      title: `Runbook parameter ${index + 1}/${specs.length}: ${spec.name}`,
      prompt: spec.prompt,
      ...(spec.default !== undefined && !spec.secret ? { value: spec.default } : {}),
      password: spec.secret,
      ignoreFocusOut: true,
      validateInput: (value) => {
        const checked = validateParameterValue(spec, value);
        return 'error' in checked ? checked.error : undefined;
      },
    });
    if (answer === undefined) return undefined;
    const checked = validateParameterValue(spec, answer);
    if ('error' in checked) return undefined;
    values[spec.name] = checked.value;
  }
  return values;
}
