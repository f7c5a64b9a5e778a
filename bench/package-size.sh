#!/usr/bin/env bash
# Size of the shipped artifacts: the minified bundle and the .vsix (target: .vsix < 3 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package >/dev/null
printf 'dist/extension.js: %s bytes (minified)\n' "$(stat -c %s dist/extension.js)"
printf 'security-runbooks.vsix: %s bytes\n' "$(stat -c %s security-runbooks.vsix)"
