// Keys of the approval prompt. It is modal (every key ends here) and answers only the step it was
// opened for; y and a wait until the whole step has been on screen.
import type { AppActions, ApprovalAnswer } from '../core/app-state.js';
import type { PaneState } from '../core/pane-state.js';
import { type ReviewState, reviewGeometry } from './approval-review.js';
import type { KeyHandler } from './key-dispatch.js';
import { commandFor } from './keymap.js';

export interface ApprovalContext {
  pane: PaneState;
  review: ReviewState;
  width: number;
  height: number;
  actions: AppActions;
  setReview: (review: ReviewState | undefined) => void;
  flash: (message: string) => void;
}

export function approvalKeys(ctx: ApprovalContext): KeyHandler {
  return (text, key) => {
    const { review, actions, flash } = ctx;
    const { maxScroll, visible } = reviewGeometry(ctx.pane, ctx.width, ctx.height);
    const scrollTo = (value: number) => {
      const scroll = Math.max(0, Math.min(maxScroll, value));
      ctx.setReview({ ...review, scroll, seenEnd: review.seenEnd || scroll >= maxScroll });
    };
    const answer = (value: ApprovalAnswer) => {
      if (value !== 'no' && !review.seenEnd && maxScroll > 0) {
        flash(`read the whole step first: ${maxScroll - review.scroll} more rows (↓ or PgDn), then y`);
        return;
      }
      if (!actions.answerApproval) {
        flash('approvals not wired yet: they arrive with the agent');
        return;
      }
      actions.answerApproval(ctx.pane.project.name, value);
      ctx.setReview(undefined);
    };
    switch (commandFor('approval', text, key)) {
      case 'approval.yes':
        answer('yes');
        break;
      case 'approval.always':
        answer('always');
        break;
      case 'approval.no':
        answer('no');
        break;
      case 'approval.scrollUp':
        scrollTo(review.scroll - 1);
        break;
      case 'approval.scrollDown':
        scrollTo(review.scroll + 1);
        break;
      case 'approval.pageUp':
        scrollTo(review.scroll - Math.max(1, visible - 1));
        break;
      case 'approval.pageDown':
        scrollTo(review.scroll + Math.max(1, visible - 1));
        break;
      case 'approval.close':
        ctx.setReview(undefined);
        break;
      default:
        flash('y yes · n no · a always · ↑↓ scroll · Esc back (the step keeps waiting)');
    }
    return true;
  };
}
