// Runs inside VS Code's extension host: `vscode` resolves only there.
const assert = require('node:assert');
const { writeFileSync } = require('node:fs');
const vscode = require('vscode');

exports.run = async function run() {
  console.log(`host selftest: VS Code ${vscode.version}`);
  assert.ok(vscode.version.startsWith('1.100.'), `expected VS Code 1.100.x, got ${vscode.version}`);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.strictEqual(folder, process.env.HOST_SELFTEST_WORKSPACE, 'the opened folder');
  // Proves the harness's env reaches the extension host, and gives the
  // selftest something to check besides the exit code.
  writeFileSync(process.env.HOST_SELFTEST_RESULTS, JSON.stringify({ version: vscode.version, folder }));
};
