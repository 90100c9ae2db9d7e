// How an engine's tool calls read in the pane: one line per command, a short preview of its output,
// and file paths made relative to the project (the only ones Shipyard commits).
import path from 'node:path';
import { outputPreview as previewOf } from '../agent/output-preview.js';
import { capToolOutput } from '../agent/truncate.js';
import { stripControls } from '../sanitize.js';

/** The pane's preview of a tool's output, and the whole of it (capped) when the preview cuts it. */
export function outputPreview(text: string): { preview: string; output?: string } {
  const preview = previewOf(text);
  const output = capToolOutput(text);
  return { preview, ...(output.trimEnd() !== preview ? { output } : {}) };
}

export function oneLine(text: string): string {
  const clean = stripControls(text).replace(/^\/bin\/(ba)?sh -lc /, '');
  const first = clean.split('\n')[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

/** A path the engine reported, relative to the project (`/`-separated); undefined when outside it. */
export function relative(root: string, reported: string): string | undefined {
  const abs = path.resolve(root, reported);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
