import * as path from 'node:path';

/** The repository root, from a test compiled to out/test/unit/... */
export const repoRoot = path.resolve(__dirname, '../../../..');
export const corpusDir = path.join(repoRoot, 'test/unit/corpus');
export const runbooksDir = path.join(repoRoot, 'runbooks');
