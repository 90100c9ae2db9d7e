// The server side of the protocol: a running session (AppState + AppActions) on a byte stream. Any
// transport that gives one works; `shipyard serve --stdio` uses stdin/stdout, the SSH transport runs it.
import type { AppActions, AppState } from '../core/app-state.js';
import type { PaneAlert } from '../core/notify.js';
import { errorMessage } from '../errors.js';
import { isApprovalAnswer } from '../model/feed.js';
import {
  decode,
  encode,
  type Hello,
  lineReader,
  type Message,
  type Notification,
  PROTOCOL_VERSION,
  paneChange,
  type Request,
  type Response,
} from './protocol.js';

export interface ServedSession {
  store: { get(): AppState; subscribe(listener: () => void): () => void };
  actions: AppActions;
}

export interface ServeOptions {
  session: ServedSession;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  about: { version: string; host: string; root: string };
}

export interface Served {
  /** Resolves when the client went away (end of input, a broken pipe, or a message it cannot read). */
  closed: Promise<string>;
  /** Tells the client a pane that is not focused needs a look (its grid rings the bell). */
  alert(alert: PaneAlert): void;
}

type Handler = (params: Record<string, unknown>) => unknown;

/** The methods a client may call: the UI's actions by their names, with named parameters. */
function handlers(actions: AppActions): Record<string, Handler> {
  const s = (params: Record<string, unknown>, key: string): string => {
    const value = params[key];
    if (typeof value !== 'string') throw new Error(`${key} must be a string`);
    return value;
  };
  const n = (params: Record<string, unknown>, key: string): number => {
    const value = params[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${key} must be an integer`);
    return value;
  };
  const need = <K extends keyof AppActions>(name: K): NonNullable<AppActions[K]> => {
    const action = actions[name];
    if (!action) throw new Error(`${name} is not available on this host`);
    return action as NonNullable<AppActions[K]>;
  };
  return {
    submitIntent: (p) => ({ reason: need('submitIntent')(s(p, 'project'), s(p, 'text')) ?? null }),
    inputHistory: (p) => need('inputHistory')(s(p, 'project')),
    rememberInput: (p) => need('rememberInput')(s(p, 'project'), s(p, 'text')),
    steer: (p) => need('steer')(s(p, 'project'), s(p, 'text')),
    cancel: (p) => need('cancel')(s(p, 'project')),
    answerApproval: (p) => {
      const answer = s(p, 'answer');
      if (!isApprovalAnswer(answer)) throw new Error('answer must be yes, no or always');
      return need('answerApproval')(s(p, 'project'), answer);
    },
    refresh: (p) => need('refresh')(s(p, 'project')),
    focusChanged: (p) => need('focusChanged')(s(p, 'project')),
    moveIntent: (p) => {
      const direction = s(p, 'direction');
      if (direction !== 'up' && direction !== 'down') throw new Error('direction must be up or down');
      return need('moveIntent')(n(p, 'id'), direction);
    },
    editIntent: (p) => need('editIntent')(n(p, 'id'), s(p, 'text')),
    deleteIntent: (p) => need('deleteIntent')(n(p, 'id')),
    retryIntent: (p) => need('retryIntent')(n(p, 'id')),
    togglePause: (p) => need('togglePause')(s(p, 'project')),
    compactContext: (p) => need('compactContext')(s(p, 'project')),
    resetContext: (p) => need('resetContext')(s(p, 'project')),
    planRestore: (p) => need('planRestore')(n(p, 'id')),
    restoreIntent: (p) => need('restoreIntent')(n(p, 'id')),
  };
}

export function serve(options: ServeOptions): Served {
  const { session, input, output } = options;
  const methods = handlers(session.actions);
  let greeted = false;
  let seq = 0;
  let sent: AppState | undefined;
  let gone: string | undefined;
  let finish!: (why: string) => void;
  const closed = new Promise<string>((resolve) => {
    finish = resolve;
  });
  const end = (why: string) => {
    if (gone !== undefined) return;
    gone = why;
    unsubscribe();
    finish(why);
  };
  const write = (message: Message) => {
    if (gone !== undefined) return;
    try {
      output.write(encode(message));
    } catch (error) {
      end(errorMessage(error));
    }
  };
  const notify = (method: string, params: Record<string, unknown>) =>
    write({ method, params: { seq: ++seq, ...params } } satisfies Notification);

  /** Sends what changed since the last state sent: one notification per pane, in pane order. */
  const flush = () => {
    if (!greeted || !sent) return;
    const state = session.store.get();
    if (state === sent) return;
    const before = new Map(sent.panes.map((pane) => [pane.project.path, pane]));
    for (const pane of state.panes) {
      const change = paneChange(before.get(pane.project.path), pane);
      if (change) notify('pane', { change });
    }
    if (state.notice !== sent.notice) notify('notice', { notice: state.notice ?? null });
    sent = state;
  };
  const unsubscribe = session.store.subscribe(flush);

  const answer = (request: Request, work: () => unknown) => {
    const reply = (response: Omit<Response, 'id'>) => {
      // The state an action changed goes out before its answer, so the answer finds it drawn.
      flush();
      write({ id: request.id, ...response });
    };
    try {
      const result = work();
      if (result instanceof Promise)
        result.then(
          (value) => reply({ result: value ?? null }),
          (error: unknown) => reply({ error: { message: errorMessage(error) } }),
        );
      else reply({ result: result ?? null });
    } catch (error) {
      reply({ error: { message: errorMessage(error) } });
    }
  };

  const hello = (request: Request): void => {
    const protocol = request.params?.protocol;
    if (protocol !== PROTOCOL_VERSION) {
      write({
        id: request.id,
        error: {
          code: 'protocol',
          message: `protocol ${String(protocol)} is not ${PROTOCOL_VERSION} (Shipyard ${options.about.version} here)`,
        },
      });
      return;
    }
    greeted = true;
    sent = session.store.get();
    const result: Hello = {
      protocol: PROTOCOL_VERSION,
      ...options.about,
      pid: process.pid,
      state: sent,
      seq,
    };
    write({ id: request.id, result });
  };

  const onLine = (line: string) => {
    let message: Message;
    try {
      message = decode(line);
    } catch (error) {
      write({ id: -1, error: { code: 'parse', message: errorMessage(error) } });
      return;
    }
    if (!('id' in message) || !('method' in message)) return; // only requests are expected
    const request = message as Request;
    const params = (request.params ?? {}) as Record<string, unknown>;
    if (request.method === 'hello') {
      hello(request);
      return;
    }
    if (!greeted) {
      write({ id: request.id, error: { code: 'hello', message: 'say hello first' } });
      return;
    }
    if (request.method === 'snapshot') {
      flush();
      answer(request, () => ({ state: sent, seq }));
      return;
    }
    const handler = methods[request.method];
    if (!handler) {
      write({ id: request.id, error: { code: 'method', message: `no method ${request.method}` } });
      return;
    }
    answer(request, () => handler(params));
  };

  input.on(
    'data',
    lineReader(onLine, (error) => end(error.message)),
  );
  input.on('end', () => end('end of input'));
  input.on('error', (error: Error) => end(error.message));
  output.on('error', (error: Error) => end(error.message));
  // After the pane changes so far, so the pane shows what the notification is about.
  const alert = (event: PaneAlert) => {
    if (!greeted) return;
    flush();
    notify('alert', { alert: event });
  };
  return { closed, alert };
}
