// The client side of the protocol over any byte stream: says hello, keeps a mirror of the server's
// AppState from its `pane` and `notice` notifications, and turns calls into requests with ids.
import type { AppState } from '../core/app-state.js';
import type { PaneAlert } from '../core/notify.js';
import { errorMessage } from '../errors.js';
import {
  applyPaneChange,
  decode,
  encode,
  type Hello,
  lineReader,
  type PaneChange,
  PROTOCOL_VERSION,
  ProtocolError,
  type Response,
  wireAlert,
} from './protocol.js';

export interface ClientStreams {
  /** What the server writes (its stdout). */
  input: NodeJS.ReadableStream;
  /** What the server reads (its stdin). */
  output: NodeJS.WritableStream;
}

/** A refusal or failure the server answered with. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class RemoteClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private state?: AppState;
  private seq = 0;
  private helloId?: number;
  private closedWith?: string;
  private readonly closeListeners = new Set<(why: string) => void>();
  private readonly changeListeners = new Set<(state: AppState) => void>();
  private readonly alertListeners = new Set<(alert: PaneAlert) => void>();

  constructor(private readonly streams: ClientStreams) {
    streams.input.on(
      'data',
      lineReader(
        (line) => this.onLine(line),
        (error) => this.close(error.message),
      ),
    );
    streams.input.on('end', () => this.close('the connection ended'));
    streams.input.on('error', (error: Error) => this.close(error.message));
    streams.output.on('error', (error: Error) => this.close(error.message));
  }

  /** The handshake: the server's answer with its state, or a RemoteError (e.g. code `protocol`). */
  async hello(): Promise<Hello> {
    this.helloId = this.nextId;
    const hello = (await this.call('hello', { protocol: PROTOCOL_VERSION })) as Hello;
    this.emitChange();
    return hello;
  }

  get current(): AppState | undefined {
    return this.state;
  }

  get closed(): string | undefined {
    return this.closedWith;
  }

  onChange(listener: (state: AppState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A pane that is not focused there needs a look (`alert` notifications). */
  onAlert(listener: (alert: PaneAlert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  onClose(listener: (why: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.closedWith !== undefined) return Promise.reject(new RemoteError(this.closedWith, 'closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.streams.output.write(encode({ id, method, params }));
      } catch (error) {
        this.pending.delete(id);
        reject(new RemoteError(errorMessage(error), 'closed'));
      }
    });
  }

  close(why: string): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = why;
    for (const { reject } of this.pending.values()) reject(new RemoteError(why, 'closed'));
    this.pending.clear();
    for (const listener of [...this.closeListeners]) listener(why);
  }

  private onLine(line: string): void {
    try {
      const message = decode(line);
      if ('id' in message) {
        this.onResponse(message as Response);
        return;
      }
      const params = message.params as Record<string, unknown>;
      if (typeof params?.seq === 'number') {
        // Notifications come in order on one stream; a gap means a bug, not a lost packet.
        if (params.seq !== this.seq + 1)
          throw new ProtocolError(`notification ${params.seq} after ${this.seq}`);
        this.seq = params.seq;
      }
      if (!this.state) return;
      if (message.method === 'alert') {
        const alert = wireAlert(params.alert);
        if (alert) for (const listener of [...this.alertListeners]) listener(alert);
        return;
      }
      if (message.method === 'pane') this.onPane(params.change as PaneChange);
      else if (message.method === 'notice')
        this.state = { ...this.state, notice: (params.notice as string | null) ?? undefined };
      else return;
      this.emitChange();
    } catch (error) {
      this.close(`unreadable message from the server: ${errorMessage(error)}`);
    }
  }

  private onResponse(response: Response): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) {
      if (response.error) throw new ProtocolError(response.error.message);
      return;
    }
    this.pending.delete(response.id);
    // The state is taken now, not when the caller's await resumes: the notifications that follow
    // the answer in the same chunk are applied to it at once.
    if (response.id === this.helloId && !response.error) {
      const hello = response.result as Hello;
      this.state = hello.state;
      this.seq = hello.seq;
    }
    if (response.error) waiting.reject(new RemoteError(response.error.message, response.error.code));
    else waiting.resolve(response.result);
  }

  private onPane(change: PaneChange): void {
    const state = this.state!;
    const at = state.panes.findIndex((pane) => pane.project.path === change.path);
    if (at < 0) return;
    const panes = state.panes.slice();
    panes[at] = applyPaneChange(panes[at]!, change);
    this.state = { ...state, panes };
  }

  private emitChange(): void {
    const state = this.state;
    if (state) for (const listener of [...this.changeListeners]) listener(state);
  }
}
