// Which pane needs the user next: one waiting for an approval first, then one whose last intent
// failed, then interrupted, then one that finished while the user looked elsewhere. Kept apart from
// "working": a pane whose agent works needs nobody.
import type { PaneState } from '../core/pane-state.js';
import { lastFinished } from './grid-keys.js';
import { isRunning } from './pane-header.js';

export type NeedsYou = 'approval' | 'failed' | 'interrupted' | 'unseen';

const ORDER: readonly NeedsYou[] = ['approval', 'failed', 'interrupted', 'unseen'];

export function needsYou(pane: PaneState): NeedsYou | undefined {
  if (pane.activity.kind === 'approval') return 'approval';
  if (isRunning(pane.activity)) return undefined;
  if (pane.activity.kind === 'failed') return 'failed';
  if (pane.activity.kind === 'interrupted') return 'interrupted';
  const last = lastFinished(pane.intents);
  const open = (pane.intents ?? []).some((intent) => intent.state === 'queued' || intent.state === 'running');
  if (!open && last?.state === 'failed') return 'failed';
  if (!open && last?.state === 'interrupted') return 'interrupted';
  if (pane.attention && pane.activity.kind === 'done') return 'unseen';
  return undefined;
}

/**
 * The index of the pane to focus: panes needing the user in order (approvals first, then failed,
 * interrupted, finished unseen; by position within a kind), the one after the focused pane in that
 * order, so pressing again walks through them all; undefined when none needs the user.
 */
export function nextNeedingYou(panes: readonly PaneState[], focusIndex: number): number | undefined {
  const order = panes
    .map((pane, index) => ({ index, rank: ORDER.indexOf(needsYou(pane)!) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  if (order.length === 0) return undefined;
  const at = order.findIndex((entry) => entry.index === focusIndex);
  return order[(at + 1) % order.length]!.index;
}
