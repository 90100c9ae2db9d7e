// Changes one top-level field of the settings file and leaves every other byte as the user wrote it
// (keys, order, formatting, defaults left unstated): `conf` would rewrite the whole file. Setting a
// field and removing it again gives back the very same text.
import fs from 'node:fs';
import path from 'node:path';
import { type Node, parseTree } from 'jsonc-parser';

/** The file's indentation unit, so an inserted field looks like its neighbours (two spaces when unknown). */
function indentUnit(text: string): string {
  const line = text.split('\n').find((l) => /^[ \t]+\S/.test(l));
  if (!line) return '  ';
  return line.startsWith('\t') ? '\t' : ' '.repeat(line.length - line.trimStart().length);
}

/**
 * The settings text with top-level `field` set to `value` (`undefined` removes it). `text` is the file
 * as it is (empty when there is none); the caller validates the result before writing it.
 */
export function editedSettings(text: string, field: string, value: unknown): string {
  const base = text.trim() ? text : '{}\n';
  const root = parseTree(base);
  if (root?.type !== 'object') throw new Error('the settings file holds no JSON object');
  const eol = base.includes('\r\n') ? '\r\n' : '\n';
  const oneLine = !base.slice(root.offset, root.offset + root.length).includes('\n');
  const unit = indentUnit(base);
  const render = (indent: string) =>
    oneLine ? JSON.stringify(value) : JSON.stringify(value, null, unit).split('\n').join(`${eol}${indent}`);
  const properties = root.children ?? [];
  const at = properties.findIndex((p) => p.children?.[0]?.value === field);
  const end = (node: Node) => node.offset + node.length;
  const splice = (from: number, to: number, insert = '') => base.slice(0, from) + insert + base.slice(to);

  if (at >= 0) {
    const property = properties[at]!;
    const valueNode = property.children![1]!;
    if (value !== undefined)
      return splice(valueNode.offset, end(valueNode), render(lineIndent(base, property)));
    if (at > 0) return splice(end(properties[at - 1]!), end(property));
    if (properties.length > 1) return splice(property.offset, properties[1]!.offset);
    return splice(root.offset + 1, end(root) - 1);
  }
  if (value === undefined) return base;
  const last = properties.at(-1);
  if (oneLine) {
    const entry = `${JSON.stringify(field)}: ${render('')}`;
    return last ? splice(end(last), end(last), `, ${entry}`) : splice(root.offset + 1, end(root) - 1, entry);
  }
  const indent = last ? lineIndent(base, last) : unit;
  const entry = `${JSON.stringify(field)}: ${render(indent)}`;
  if (last) return splice(end(last), end(last), `,${eol}${indent}${entry}`);
  return splice(root.offset + 1, end(root) - 1, `${eol}${indent}${entry}${eol}`);
}

/** The whitespace before a property on its line. */
function lineIndent(text: string, node: Node): string {
  const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
  const before = text.slice(lineStart, node.offset);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** Replaces the file in one step (a reader never sees half of it), readable by the user alone. */
export function writeSettingsFile(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
