// A note from Shipyard in a project's context (a restore, say): a user message the model reads
// after the prompt prefix, which the pane and `shipyard log` show as what it is, not as an intent.
import type { MessageItem } from '../model/conversation.js';

export const NOTE_PREFIX = '[Shipyard] ';

export function shipyardNote(text: string): MessageItem {
  return { type: 'message', role: 'user', content: `${NOTE_PREFIX}${text}` };
}

export function isShipyardNote(text: string): boolean {
  return text.startsWith(NOTE_PREFIX);
}
