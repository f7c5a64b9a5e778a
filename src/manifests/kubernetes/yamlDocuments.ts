/**
 * A multi-document YAML file as documents with positions: one parse of the whole
 * text (templates masked first, see templates.ts), each document with its first
 * syntax error if any and whether templates keep it from being checked.
 */
import { parseAllDocuments } from 'yaml';
import { scanTemplates, type TemplateScan } from './templates';
import { DocumentNodes, scanNodes, spanOf } from './yamlNodes';
import { partitionPoint } from '../partitionPoint';

export interface SyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface YamlDocument {
  /** Zero-based position of the document in the file. */
  index: number;
  start: number;
  end: number;
  /** The document's root node (null for an empty document). */
  root: unknown;
  nodes: DocumentNodes;
  /** The document's first syntax error. */
  error?: SyntaxError;
  /** Offset of the document's first template (comments aside), if it has any. */
  firstTemplate?: number;
  /** Offset of its first structural template (whole line, key, several lines). */
  firstStructural?: number;
  /** Not checked because of templates (a structural one, or any template plus a syntax error). */
  templateSkip: boolean;
}

export interface YamlStream {
  docs: YamlDocument[];
  /** Present when the text has templates. */
  templates?: TemplateScan;
}

function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').trim() || 'invalid YAML';
}

/** Index of the document an offset belongs to: the last one starting at or before it. */
function documentAt(docs: readonly YamlDocument[], offset: number): YamlDocument | undefined {
  // An offset before the first document belongs to the first.
  return docs[Math.max(0, partitionPoint(docs, (doc) => doc.start <= offset) - 1)];
}

export function parseStream(text: string): YamlStream {
  const templates = scanTemplates(text);
  const source = templates ? templates.masked : text;
  // Duplicate keys are found by scanNodes (linear); the parser's own check is quadratic.
  const parsed = parseAllDocuments(source, { prettyErrors: true, uniqueKeys: false });
  const docs: YamlDocument[] = [];
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    const range = doc.range ?? [0, source.length, source.length];
    let error: SyntaxError | undefined;
    for (const e of doc.errors) {
      const start = Math.max(0, Math.min(e.pos?.[0] ?? range[0], source.length));
      if (!error || start < error.start) {
        error = { start, end: Math.max(start, Math.min(e.pos?.[1] ?? start, source.length)), message: cleanMessage(e.message) };
      }
    }
    const root = doc.contents ?? null;
    const scan = scanNodes(root);
    const duplicate = spanOf(scan.duplicateKey);
    if (duplicate && (!error || duplicate[0] < error.start)) error = { start: duplicate[0], end: duplicate[1], message: 'Map keys must be unique' };
    docs.push({ index: docs.length, start: range[0], end: range[2], root, nodes: new DocumentNodes(scan.anchors), error, templateSkip: false });
  }
  if (templates) {
    for (const span of templates.spans) {
      if (span.place === 'comment') continue;
      const doc = documentAt(docs, span.start);
      if (!doc) continue;
      doc.firstTemplate ??= span.start;
      if (span.place === 'structural') doc.firstStructural ??= span.start;
    }
    for (const doc of docs) doc.templateSkip = doc.firstStructural !== undefined || (doc.error !== undefined && doc.firstTemplate !== undefined);
  }
  return { docs, templates };
}
