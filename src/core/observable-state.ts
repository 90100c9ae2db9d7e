// Observable state: core code writes immutable snapshots, the UI reads them with
// useSyncExternalStore. Writes are coalesced so many stream deltas cost one frame.
export type Listener = () => void;

export class ObservableState<State> {
  private state: State;
  private readonly listeners = new Set<Listener>();
  private pending = false;

  constructor(
    initial: State,
    /** Delay used to coalesce notifications (ms); 0 notifies synchronously. */
    private readonly coalesceMs = 0,
  ) {
    this.state = initial;
  }

  get = (): State => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: (state: State) => State): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    if (this.coalesceMs <= 0) {
      this.notify();
      return;
    }
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      this.notify();
    }, this.coalesceMs).unref?.();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
