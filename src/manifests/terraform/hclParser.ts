/**
 * Loading the HCL parser.
 *
 * Choice: tree-sitter's HCL grammar (`@tree-sitter-grammars/tree-sitter-hcl`, its
 * Terraform flavour `tree-sitter-terraform.wasm`) run by `web-tree-sitter`, both
 * compiled to WebAssembly (~300 KB together). It is error-tolerant (a syntax error
 * becomes an ERROR/MISSING node and the rest of the file still has a tree), keeps
 * exact positions for every node, works offline, needs no native build, and parses a
 * typical module in a few milliseconds.
 * Alternatives considered: `@cdktf/hcl2json` (HashiCorp's Go parser compiled to
 * WASM; JSON output without positions, so diagnostics could not point at a value),
 * `hcl2-parser` (gopherjs build of the same, no positions either), and a
 * hand-written parser (HCL's templates, heredocs and expressions are too much to
 * get right, and error recovery is what tree-sitter is built for).
 *
 * The runtime is initialised once, lazily (a module-level promise). The two `.wasm`
 * files are looked up next to the running bundle first (the build copies them into
 * dist/), then in node_modules (tests run from the unbundled output). We use the
 * package's CommonJS entry through `require`, which esbuild bundles as is.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Language as TsLanguage, Parser as TsParser, Tree } from 'web-tree-sitter';

type WebTreeSitter = typeof import('web-tree-sitter');

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

/** Parsing longer than this is given up (only garbage that is not Terraform gets near it). */
export const PARSE_BUDGET_MS = 1000;

/** How many times the runtime and grammar were loaded (tests check it stays at one). */
export let parserLoads = 0;

/** A `.wasm` file next to the bundle, else from its package. */
function wasmPath(fileName: string, packagePath: string): string {
  const beside = path.join(__dirname, fileName);
  if (existsSync(beside)) return beside;
  try {
    return require.resolve(packagePath);
  } catch {
    throw new Error(`the Terraform parser is not installed: ${fileName} is neither next to ${__dirname} nor in node_modules`);
  }
}

let loading: Promise<TsParser> | undefined;

async function load(): Promise<TsParser> {
  parserLoads++;
  // The CommonJS entry (exports["."].require): no dynamic import of ESM, so esbuild can bundle it.
  const treeSitter = require('web-tree-sitter') as WebTreeSitter;
  const runtime = wasmPath(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
  await treeSitter.Parser.init({ locateFile: (name: string) => (name === RUNTIME_WASM ? runtime : name) });
  const grammarBytes = readFileSync(wasmPath(GRAMMAR_WASM, `@tree-sitter-grammars/tree-sitter-hcl/${GRAMMAR_WASM}`));
  const language: TsLanguage = await treeSitter.Language.load(new Uint8Array(grammarBytes));
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

/** The one parser (loaded on first use; a failed load is retried next time). */
export function terraformParser(): Promise<TsParser> {
  if (!loading) {
    loading = load();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/**
 * Parses a text; undefined when parsing ran over its time budget. The caller owns
 * the tree and must `delete()` it.
 */
export async function parseTerraform(text: string, budgetMs = PARSE_BUDGET_MS): Promise<Tree | undefined> {
  const parser = await terraformParser();
  const deadline = performance.now() + budgetMs;
  // Hand the text over in slices (the runtime copies at most 10 KB per read anyway).
  const tree = parser.parse((index: number) => text.slice(index, index + 8192), null, {
    // Returning true cancels the parse.
    progressCallback: () => performance.now() > deadline,
  });
  if (!tree) {
    // Cancelled: the next parse must start from scratch, not resume this one.
    parser.reset();
    return undefined;
  }
  return tree;
}
