// Text from outside (file names, branches, commit subjects, model answers) on its way to a terminal,
// a commit message or a tool result: no control sequence may pass, whatever its source.
import { stripVTControlCharacters } from 'node:util';

// C0 and C1 controls other than newline and tab; DEL too.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROLS_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** Drops escape sequences and control characters; keeps newlines and tabs. */
export function stripControls(text: string): string {
  return stripVTControlCharacters(text).replace(CONTROLS, '');
}

/**
 * A name (a path, a branch) shown as one line: control characters, newline and tab included, become
 * visible escapes (`a\n/.env` → `a\\n/.env`), so a name can neither fake a line nor drive the terminal.
 */
export function visibleName(name: string): string {
  if (!CONTROLS_OR_NEWLINE.test(name)) return name;
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };
    return named[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
