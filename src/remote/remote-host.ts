// One remote workspace in the grid: a connection (any transport) that is opened, greeted, and opened
// again with backoff when it drops; its panes named after the host (`build1:api`) and marked while
// it is away; and the grid's actions for those panes, sent as requests. The remote side keeps working
// meanwhile: a new connection's hello brings everything that happened.
import type { AppActions, AppState } from '../core/app-state.js';
import type { PaneAlert } from '../core/notify.js';
import { ObservableState } from '../core/observable-state.js';
import type { PaneState } from '../core/pane-state.js';
import { errorMessage } from '../errors.js';
import { type ClientStreams, RemoteClient, RemoteError } from './client.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { remoteActions } from './remote-actions.js';

/** An open transport: its streams, how to end it, and how it ended. */
export interface Connection extends ClientStreams {
  /** The transport's process, when it is one (tests end it to drop the connection). */
  pid?: number;
  close(): void;
  /** Resolves with the one line that explains the end when the transport ends by itself. */
  ended: Promise<string>;
}

export interface RemoteHostOptions {
  name: string;
  connect(): Connection;
  /** Reconnect delays (ms), the last one repeated. */
  backoff?: number[];
}

export type HostStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'connected'; version: string }
  | { kind: 'away'; why: string; retryAt: number };

const BACKOFF = [500, 1000, 2000, 4000, 8000, 15_000, 30_000];

export class RemoteHost {
  readonly store: ObservableState<AppState>;
  readonly actions: AppActions;
  private client?: RemoteClient;
  private connection?: Connection;
  private remote?: AppState;
  private status: HostStatus = { kind: 'connecting', attempt: 1 };
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly shown = new WeakMap<PaneState, PaneState>();
  /** The last failed request's line; cleared by the next one that succeeds. */
  private notice?: string;
  /** The grid's focus as this host knows it (its project, or '' for another's pane): told each new serve. */
  private focus?: string;
  private readonly alertListeners = new Set<(alert: PaneAlert) => void>();

  constructor(private readonly options: RemoteHostOptions) {
    this.store = new ObservableState<AppState>(this.view());
    this.actions = remoteActions({
      name: this.options.name,
      send: (method, params) => this.send(method, params),
      say: (notice) => this.say(notice),
      owns: (gridName) => this.owns(gridName),
      connected: () => this.status.kind === 'connected',
      setFocus: (project) => {
        this.focus = project;
      },
    });
  }

  get name(): string {
    return this.options.name;
  }

  get state(): HostStatus {
    return this.status;
  }

  /** The grid's name of a remote project, and back. */
  gridName(name: string): string {
    return `${this.options.name}:${name}`;
  }

  owns(gridName: string): boolean {
    return gridName.startsWith(`${this.options.name}:`);
  }

  start(): void {
    this.open();
  }

  /** A pane of this host that is not focused needs a look: named as the grid names it. */
  onAlert(listener: (alert: PaneAlert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.client?.close('closed');
    this.connection?.close();
  }

  private open(): void {
    if (this.closed) return;
    this.attempt++;
    this.setStatus({ kind: 'connecting', attempt: this.attempt });
    let connection: Connection;
    try {
      connection = this.options.connect();
    } catch (error) {
      this.away(`${this.options.name}: ${errorMessage(error)}`);
      return;
    }
    this.connection = connection;
    const client = new RemoteClient(connection);
    this.client = client;
    let done = false;
    const lost = (why: string) => {
      if (done || this.client !== client) return;
      done = true;
      client.close(why);
      connection.close();
      this.away(why);
    };
    // The transport's own explanation (ssh's exit) beats "the connection ended".
    let greeted = false;
    connection.ended.then((why) => lost(greeted ? `${this.options.name} disconnected` : why));
    client.onChange((state) => {
      this.remote = state;
      this.store.update(() => this.view());
    });
    client.onAlert((alert) => {
      const named = {
        ...alert,
        project: this.gridName(alert.project),
        projectPath: `${this.options.name}:${alert.projectPath}`,
      };
      for (const listener of [...this.alertListeners]) listener(named);
    });
    client.hello().then(
      (hello) => {
        greeted = true;
        this.attempt = 0;
        this.say(undefined);
        this.setStatus({ kind: 'connected', version: hello.version });
        // A new serve takes its first project for focused: it learns where the grid's focus is.
        if (this.focus !== undefined) void this.send('focusChanged', { project: this.focus }).catch(() => {});
        // The transport's end (with ssh's reason) usually comes first; this is for one that hangs on.
        client.onClose((why) =>
          setTimeout(() => lost(`${this.options.name} disconnected (${why})`), 500).unref?.(),
        );
      },
      (error: unknown) => {
        if (error instanceof RemoteError && error.code === 'protocol')
          lost(
            `${this.options.name}: the Shipyard there speaks another protocol (${error.message}; protocol ${PROTOCOL_VERSION} here): install the same version on both`,
          );
        else setTimeout(() => lost(`${this.options.name}: ${errorMessage(error)}`), 200).unref?.();
      },
    );
  }

  private away(why: string): void {
    if (this.closed) return;
    const delays = this.options.backoff ?? BACKOFF;
    const delay = delays[Math.min(this.attempt, delays.length) - 1] ?? delays.at(-1)!;
    this.setStatus({ kind: 'away', why, retryAt: Date.now() + delay });
    this.timer = setTimeout(() => this.open(), delay);
    this.timer.unref?.();
  }

  private setStatus(status: HostStatus): void {
    this.status = status;
    this.store.update(() => this.view());
  }

  /** The host's panes as the grid shows them: renamed, and marked while the host is away. */
  private view(): AppState {
    const status = this.status;
    const panes = this.remote?.panes ?? [];
    const mark =
      status.kind === 'away'
        ? `${status.why} · reconnecting`
        : status.kind === 'connecting' && this.remote
          ? `${this.options.name}: reconnecting…`
          : undefined;
    const shown: PaneState[] = panes.map((pane) => {
      let renamed = this.shown.get(pane);
      if (!renamed) {
        renamed = {
          ...pane,
          project: {
            ...pane.project,
            name: this.gridName(pane.project.name),
            host: this.options.name,
            path: `${this.options.name}:${pane.project.path}`,
          },
        };
        this.shown.set(pane, renamed);
      }
      return mark ? { ...renamed, gitError: mark, stale: true } : renamed;
    });
    if (shown.length === 0) shown.push(this.placeholder(status));
    const notice =
      this.notice ??
      (this.remote?.notice ? `${this.options.name}: ${this.remote.notice}` : undefined) ??
      (status.kind === 'away' && !this.remote ? status.why : undefined);
    return { workspaceRoot: this.remote?.workspaceRoot ?? '', panes: shown, ...(notice ? { notice } : {}) };
  }

  /** Before the first hello there is no pane to show: one that says where the host is. */
  private placeholder(status: HostStatus): PaneState {
    return {
      project: {
        name: `${this.options.name}:`,
        path: `${this.options.name}:`,
        pinned: false,
        host: this.options.name,
      },
      activity: { kind: 'idle' },
      lines: [],
      queueLength: 0,
      gitError: status.kind === 'away' ? `${status.why} · reconnecting` : `${this.options.name}: connecting…`,
    };
  }

  /** Sends a request; a failure becomes the host's notice line, like a refusal in a local pane. */
  private send(method: string, params: Record<string, unknown>): Promise<unknown> {
    const client = this.client;
    const sent =
      client && this.status.kind === 'connected'
        ? client.call(method, params)
        : Promise.reject(new Error(`${this.options.name} is not connected`));
    return sent.then(
      (result) => {
        this.say(undefined);
        return result;
      },
      (error: unknown) => {
        this.say(`${this.options.name}: ${errorMessage(error)}`);
        throw error;
      },
    );
  }

  private say(notice: string | undefined): void {
    if (notice === this.notice) return;
    this.notice = notice;
    this.store.update(() => this.view());
  }
}
