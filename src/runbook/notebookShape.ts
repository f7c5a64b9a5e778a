import { languageIdForFence, fenceLanguageFor } from './languages';
import type { CellAttributes, CodeLayout, FrontMatter, LineEnding, MarkdownLayout, RunbookCell, RunbookDocument } from './model';

/**
 * The notebook as VS Code holds it, without depending on VS Code: the serializer
 * glue copies these fields into `NotebookData`/`NotebookCellData` one to one.
 * Keeping the mapping here lets plain-Node tests cover the same path the editor uses.
 */
export interface NotebookShape {
  cells: NotebookCellShape[];
  metadata: RunbookNotebookMetadata;
}

export interface NotebookCellShape {
  kind: 'markup' | 'code';
  value: string;
  languageId: string;
  metadata: RunbookCellMetadata;
}

export interface RunbookCellMetadata {
  /** The fence's attributes: what a runbook author wrote. */
  attributes?: CellAttributes;
  /** Problems found while reading the cell. */
  problems?: string[];
  /** The fence language as written (e.g. `bash`), to write it back unchanged. */
  fenceLanguage?: string;
  /** Bytes around the cell text; internal. */
  layout?: CodeLayout | MarkdownLayout;
}

export interface RunbookNotebookMetadata {
  frontMatter?: FrontMatter;
  leading: string;
  bom: boolean;
  eol: LineEnding;
  normalizedCrlf: boolean;
}

export function toNotebookShape(doc: RunbookDocument): NotebookShape {
  const cells = doc.cells.map((cell): NotebookCellShape => {
    if (cell.kind === 'markdown') {
      return { kind: 'markup', value: cell.source, languageId: 'markdown', metadata: cell.layout ? { layout: cell.layout } : {} };
    }
    const metadata: RunbookCellMetadata = { attributes: cell.attributes, fenceLanguage: cell.language };
    if (cell.problems.length > 0) metadata.problems = cell.problems;
    if (cell.layout) metadata.layout = cell.layout;
    return { kind: 'code', value: cell.source, languageId: languageIdForFence(cell.language), metadata };
  });
  const metadata: RunbookNotebookMetadata = { leading: doc.leading, bom: doc.bom, eol: doc.eol, normalizedCrlf: doc.normalizedCrlf };
  if (doc.frontMatter) metadata.frontMatter = doc.frontMatter;
  return { cells, metadata };
}

export function fromNotebookShape(shape: { cells: NotebookCellShape[]; metadata?: Partial<RunbookNotebookMetadata> }): RunbookDocument {
  const meta = shape.metadata ?? {};
  const cells = shape.cells.map((cell): RunbookCell => {
    const layout = cell.metadata?.layout;
    if (cell.kind === 'markup') {
      return { kind: 'markdown', source: cell.value, ...(layout && !isCodeLayout(layout) ? { layout } : {}) };
    }
    return {
      kind: 'code',
      language: fenceLanguageFor(cell.languageId, cell.metadata?.fenceLanguage),
      attributes: cell.metadata?.attributes ?? {},
      source: cell.value,
      problems: [],
      ...(layout && isCodeLayout(layout) ? { layout } : {}),
    };
  });
  return {
    bom: meta.bom ?? false,
    eol: meta.eol ?? '\n',
    normalizedCrlf: meta.normalizedCrlf ?? false,
    ...(meta.frontMatter ? { frontMatter: meta.frontMatter } : {}),
    leading: meta.leading ?? '',
    cells,
  };
}

function isCodeLayout(layout: CodeLayout | MarkdownLayout): layout is CodeLayout {
  return 'fence' in layout;
}
