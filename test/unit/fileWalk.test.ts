import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { walkFiles } from '../../src/cli/fileWalk';
import { mayBeManifest } from '../../src/cli/lintFiles';

describe('walking folders for the command line', () => {
  let root: string;
  const write = (relative: string, text = 'x') => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  const walk = (paths: string[], cwd = root, gitignore = true) => {
    const result = walkFiles(paths, cwd, { accept: mayBeManifest, gitignore });
    return { files: result.files.map((f) => path.relative(root, f).split(path.sep).join('/')), missing: result.missing };
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sr-walk-'));
    mkdirSync(path.join(root, '.git'));
    write('.gitignore', 'build/\n*.secret.yaml\n/rendered.yaml\n');
    write('k8s/app.yaml');
    write('k8s/db.secret.yaml');
    write('k8s/rendered.yaml'); // `/rendered.yaml` only ignores the root one
    write('rendered.yaml');
    write('build/out.yaml');
    write('infra/main.tf');
    write('infra/.terraform/modules/vpc/main.tf');
    write('node_modules/pkg/deploy.yaml');
    write('vendor/lib/Dockerfile');
    write('docker/Dockerfile');
    write('docker/api.Dockerfile');
    write('docker/README.md');
    write('charts/.gitignore', 'tmp/\n!keep.secret.yaml\n');
    write('charts/tmp/x.yaml');
    write('charts/keep.secret.yaml');
    write('charts/values.yaml');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds YAML, Terraform and Dockerfiles in a stable order, honouring .gitignore (nested ones and negations too)', () => {
    assert.deepEqual(walk(['.']).files, [
      'charts/keep.secret.yaml',
      'charts/values.yaml',
      'docker/Dockerfile',
      'docker/api.Dockerfile',
      'infra/main.tf',
      'k8s/app.yaml',
      'k8s/rendered.yaml',
    ]);
  });

  it('applies the repository\'s .gitignore when walking a subfolder', () => {
    assert.deepEqual(walk(['k8s']).files, ['k8s/app.yaml', 'k8s/rendered.yaml']);
    assert.deepEqual(walk(['.'], path.join(root, 'k8s')).files, ['k8s/app.yaml', 'k8s/rendered.yaml']);
  });

  it('--no-gitignore walks everything but the folders the extension skips too', () => {
    const files = walk(['.'], root, false).files;
    assert.ok(files.includes('build/out.yaml') && files.includes('k8s/db.secret.yaml') && files.includes('charts/tmp/x.yaml'));
    assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('vendor/') || f.includes('.terraform/') || f.startsWith('.git/')));
  });

  it('a named file is always returned (even if ignored); missing paths are reported; no duplicates', () => {
    const result = walk(['build/out.yaml', 'nope.yaml', 'k8s', 'k8s/app.yaml']);
    assert.deepEqual(result.files, ['build/out.yaml', 'k8s/app.yaml', 'k8s/rendered.yaml']);
    assert.deepEqual(result.missing, ['nope.yaml']);
  });

  it('does not follow symbolic links to folders (no loops)', () => {
    symlinkSync(root, path.join(root, 'k8s/loop'));
    assert.deepEqual(walk(['k8s']).files, ['k8s/app.yaml', 'k8s/rendered.yaml']);
  });

  it('outside a repository only the walked folder\'s own .gitignore applies', () => {
    rmSync(path.join(root, '.git'), { recursive: true });
    write('charts/sub/a.yaml');
    assert.deepEqual(walk(['charts']).files, ['charts/keep.secret.yaml', 'charts/sub/a.yaml', 'charts/values.yaml']);
  });
});
