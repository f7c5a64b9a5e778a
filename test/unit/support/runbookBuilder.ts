import { parseRunbook } from '../../../src/runbook/parse';
import { serializeRunbook } from '../../../src/runbook/serialize';
import { fromNotebookShape, toNotebookShape, type NotebookShape } from '../../../src/runbook/notebookShape';

/** Parses text into the notebook shape the editor holds, as the serializer glue does. */
export function openAsNotebook(text: string): NotebookShape {
  return toNotebookShape(parseRunbook(text));
}

/** Writes a notebook shape back to text, as saving in the editor does. */
export function saveNotebook(shape: NotebookShape): string {
  return serializeRunbook(fromNotebookShape(shape));
}

/** A structured clone, as VS Code copies notebook data between processes. */
export function cloneShape(shape: NotebookShape): NotebookShape {
  return JSON.parse(JSON.stringify(shape)) as NotebookShape;
}
