// Accumulates streamed Chat Completions tool calls, tolerating the dialects compatible servers speak:
// no `index`, every call at index 0, no `id`, a whole call in one chunk, arguments as an object.

export interface ToolCallDelta {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: unknown } | null;
}

export interface AccumulatedCall {
  id: string;
  name: string;
  arguments: string;
}

interface Slot {
  index: number | undefined;
  id: string | undefined;
  name: string;
  arguments: string;
}

export class ChatToolCallAccumulator {
  private readonly slots: Slot[] = [];

  add(delta: ToolCallDelta): void {
    const index = typeof delta.index === 'number' ? delta.index : undefined;
    const id = delta.id || undefined;
    const name = delta.function?.name || undefined;
    const slot = this.slotFor(index, id, name);
    if (id && !slot.id) slot.id = id;
    if (name && !slot.name) slot.name = name;
    const args = delta.function?.arguments;
    if (typeof args === 'string') slot.arguments += args;
    else if (args !== undefined && args !== null) slot.arguments = JSON.stringify(args);
  }

  private slotFor(index: number | undefined, id: string | undefined, name: string | undefined): Slot {
    // The latest slot with this index (a server that puts every call at index 0 reuses it).
    const candidate =
      index === undefined ? this.slots.at(-1) : this.slots.findLast((slot) => slot.index === index);
    if (candidate && !startsNewCall(candidate, id, name)) return candidate;
    const slot: Slot = { index, id: undefined, name: '', arguments: '' };
    this.slots.push(slot);
    return slot;
  }

  get size(): number {
    return this.slots.length;
  }

  /** The calls in the order they started; missing ids are made up (they only pair calls with outputs). */
  finish(makeId: (position: number) => string): AccumulatedCall[] {
    return this.slots
      .filter((slot) => slot.name || slot.arguments)
      .map((slot, position) => ({
        id: slot.id ?? makeId(position),
        name: slot.name,
        arguments: slot.arguments,
      }));
  }
}

function startsNewCall(candidate: Slot, id: string | undefined, name: string | undefined): boolean {
  if (id !== undefined && candidate.id !== undefined) return id !== candidate.id;
  if (name === undefined || candidate.name === '') return false;
  // A second name on a slot is a new call, unless a server repeats the name while the arguments stream.
  return name !== candidate.name || isCompleteJson(candidate.arguments);
}

function isCompleteJson(text: string): boolean {
  if (!text.trim()) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
