// Telling the user something happened in a pane they are not looking at: the terminal bell or an
// OSC 9 desktop notification, and the user's own `hook` command from the settings.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import type { IntentState } from '../model/intent.js';

export type NotifyKind = 'bell' | 'osc9' | 'off';

export interface Notice {
  project: string;
  title: string;
}

const BEL = '\x07';
/** Longer OSC 9 texts are cut: some terminals drop the whole notification otherwise. */
const MAX_OSC_TEXT = 200;

/** Writes the bell or an OSC 9 notification (`ESC ] 9 ; text BEL`) to the terminal. */
export function notify(
  options: { kind: NotifyKind; stdout: { write(chunk: string): unknown } },
  notice: Notice,
): void {
  if (options.kind === 'off') return;
  if (options.kind === 'bell') {
    options.stdout.write(BEL);
    return;
  }
  options.stdout.write(`\x1b]9;${oscText(`${notice.project}: ${notice.title}`)}${BEL}`);
}

/** Text safe inside an OSC sequence: no escape sequences, no control characters, one line. */
export function oscText(text: string): string {
  const plain = stripVTControlCharacters(text)
    .replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ')
    .trim();
  return plain.length > MAX_OSC_TEXT ? `${plain.slice(0, MAX_OSC_TEXT - 1)}…` : plain;
}

/**
 * The notice for an intent that changed state, or undefined when there is nothing worth telling:
 * only ends (done, failed) and only in a pane that is not focused.
 */
export function intentNotice(
  project: string,
  intent: { id: number; text: string },
  state: IntentState,
  focused: boolean,
): Notice | undefined {
  if (focused || (state !== 'done' && state !== 'failed')) return undefined;
  const text = intent.text.split('\n')[0]!.slice(0, 80);
  return { project, title: `#${intent.id} ${state}: ${text}` };
}

/** The notice for an approval that waits in a pane that is not focused. */
export function approvalNotice(project: string, summary: string, focused: boolean): Notice | undefined {
  if (focused) return undefined;
  return { project, title: `needs approval: ${summary.split('\n')[0]!.slice(0, 80)}` };
}

export interface HookEvent {
  project: string;
  projectPath: string;
  oldState: string | null;
  newState: string;
  intentId: number | null;
  /** The intent's text. */
  text: string;
}

export interface HookResult {
  /** Exit code; null when it was killed or could not start. */
  code: number | null;
  timedOut: boolean;
  /** Set when the command could not be started. */
  error?: string;
}

export const HOOK_TIMEOUT_MS = 10_000;

/**
 * Runs the settings `hook` with `bash -c` in its own process group, the event in `SHIPYARD_*`
 * variables, output ignored. Killed (the whole group) after the timeout. Never throws or rejects;
 * the promise is there for callers that care when it ended, and does not keep the process alive.
 */
export function runHook(
  command: string,
  event: HookEvent,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<HookResult> {
  return new Promise((resolve) => {
    if (!command.trim()) {
      resolve({ code: null, timedOut: false, error: 'empty hook command' });
      return;
    }
    let timedOut = false;
    try {
      const child = spawn('bash', ['-c', command], {
        cwd: event.projectPath,
        detached: true,
        stdio: 'ignore',
        env: {
          ...(options.env ?? process.env),
          SHIPYARD_PROJECT: event.project,
          SHIPYARD_PROJECT_PATH: event.projectPath,
          SHIPYARD_OLD_STATE: event.oldState ?? '',
          SHIPYARD_NEW_STATE: event.newState,
          SHIPYARD_INTENT_ID: event.intentId === null ? '' : String(event.intentId),
          SHIPYARD_INTENT: event.text,
        },
      });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, options.timeoutMs ?? HOOK_TIMEOUT_MS);
      timer.unref();
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ code: null, timedOut, error: error.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut });
      });
      child.unref();
    } catch (error) {
      resolve({ code: null, timedOut, error: (error as Error).message });
    }
  });
}

/** A pane that is not focused needs a look: an intent of it ended, or it waits for an approval. */
export interface PaneAlert {
  project: string;
  projectPath: string;
  /** `done`, `failed` or `approval`. */
  newState: string;
  intent?: { id: number; text: string };
  /** The approval's one line. */
  summary?: string;
}

/** The bell or OSC 9 notification (per `kind`) for an alert, on `terminal`. */
export function alertTerminal(
  kind: NotifyKind,
  terminal: { write(chunk: string): unknown } | undefined,
  event: PaneAlert,
): void {
  const notice =
    event.newState === 'approval'
      ? approvalNotice(event.project, event.summary ?? '', false)
      : event.intent && intentNotice(event.project, event.intent, event.newState as IntentState, false);
  if (notice && terminal) notify({ kind, stdout: terminal }, notice);
}

/**
 * Everything that tells the user a pane that is not focused needs a look: the bell or OSC 9
 * notification (per `settings.notify`) and the settings `hook`, with the old and new state.
 */
export function alertUser(
  settings: { notify: NotifyKind; hook?: string },
  terminal: { write(chunk: string): unknown } | undefined,
  event: PaneAlert,
): void {
  alertTerminal(settings.notify, terminal, event);
  if (settings.hook) {
    void runHook(settings.hook, {
      project: event.project,
      projectPath: event.projectPath,
      oldState: 'running',
      newState: event.newState,
      intentId: event.intent?.id ?? null,
      text: event.intent?.text ?? '',
    });
  }
}
