// Where an agent's approval waits: the request goes into the state database (so every process shows
// it and any of them may answer: this app's prompt, another app, `shipyard approve`, a remote grid),
// and the asking process waits for the answer written there. Its own answers take the short way.
import type { ApprovalAnswer, ApprovalRequest } from '../agent/events.js';
import type { Intent } from '../model/intent.js';
import { ApprovalStore, type PendingApproval } from '../store/approvals.js';
import type { Db } from '../store/db.js';

/** The intent stopped waiting (cancelled, interrupted, finished elsewhere): nobody answers any more. */
export class ApprovalAbandoned extends Error {
  constructor(intentId: number) {
    super(`#${intentId} stopped waiting for its approval`);
  }
}

export interface SharedApprovalsOptions {
  db: Db;
  /** The intent as the database has it now: a request of an intent that no longer runs is dropped. */
  intent(id: number): Intent | undefined;
  /** How often a waiting request looks for an answer written by another process (ms). */
  pollMs?: number;
}

interface Waiting {
  id: number;
  settle(answer: ApprovalAnswer): void;
}

export class SharedApprovals {
  private readonly store: ApprovalStore;
  /** This process's waiting requests, by project path (one step waits at a time per project). */
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly options: SharedApprovalsOptions) {
    this.store = new ApprovalStore(options.db);
  }

  /** Waits for the user's answer to `request`, from whichever process gives it. */
  ask(intent: Intent, request: ApprovalRequest): Promise<ApprovalAnswer> {
    const id = this.store.ask(intent.projectPath, intent.id, request);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearInterval(timer);
        if (this.waiting.get(intent.projectPath)?.id === id) this.waiting.delete(intent.projectPath);
        try {
          this.store.close(id);
        } catch {
          // Busy: `pending` skips it once this process is gone.
        }
      };
      const timer = setInterval(() => {
        let answer: ApprovalAnswer | undefined;
        let running: boolean;
        try {
          answer = this.store.answerOf(id);
          running = this.options.intent(intent.id)?.state === 'running';
        } catch {
          return; // a busy database: look again at the next tick
        }
        if (answer) {
          done();
          resolve(answer);
        } else if (!running) {
          done();
          reject(new ApprovalAbandoned(intent.id));
        }
      }, this.options.pollMs ?? 250);
      this.waiting.set(intent.projectPath, {
        id,
        settle: (answer) => {
          done();
          resolve(answer);
        },
      });
    });
  }

  /**
   * Answers the project's waiting approval (this process's or another's; only request `id` when
   * given). Returns the request answered, or undefined when none waits.
   */
  answer(projectPath: string, answer: ApprovalAnswer, id?: number): PendingApproval | undefined {
    const answered = this.store.answer(projectPath, answer, id);
    const own = this.waiting.get(projectPath);
    if (answered && own?.id === answered.id) own.settle(answer);
    return answered;
  }

  /** This process stops: its waiting requests are refused (their intents end interrupted next). */
  close(): void {
    for (const [projectPath, own] of [...this.waiting]) {
      this.waiting.delete(projectPath);
      own.settle('no');
    }
  }
}
