// Observable state: core code writes immutable snapshots, the UI reads them with
// useSyncExternalStore. Writes are coalesced so many stream deltas cost one frame: listeners hear at
// most once per `coalesceMs`, on a steady clock (the next notification is due `coalesceMs` after the
// previous one, not after the first write that follows it), so a busy stream keeps the full frame rate.
export type Listener = () => void;

export class ObservableState<State> {
  private state: State;
  private readonly listeners = new Set<Listener>();
  private pending = false;
  private lastNotified = -Infinity;
  /** Holds in force (`hold()`); writes meanwhile change the state but notify no one. */
  private holds = 0;
  private heldWrite = false;

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
    if (this.holds > 0) {
      this.heldWrite = true;
      return;
    }
    this.schedule();
  }

  /**
   * Notifies no one until the returned release is called (once), then at once: a burst of writes
   * known to come together (the first git read of every pane on screen) costs one frame, drawn
   * before whatever synchronous work the caller starts next (a timer would wait behind it).
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds > 0 || !this.heldWrite) return;
      this.heldWrite = false;
      this.lastNotified = performance.now();
      this.notify();
    };
  }

  private schedule(): void {
    if (this.coalesceMs <= 0) {
      this.notify();
      return;
    }
    if (this.pending) return;
    this.pending = true;
    // A first write after a quiet spell still waits a little, so a burst of deltas lands as one frame.
    const due = Math.max(this.lastNotified + this.coalesceMs, performance.now() + this.coalesceMs / 4);
    setTimeout(
      () => {
        this.pending = false;
        // Held since this was scheduled: the release notifies.
        if (this.holds > 0) {
          this.heldWrite = true;
          return;
        }
        this.lastNotified = performance.now();
        this.notify();
      },
      Math.max(0, due - performance.now()),
    ).unref?.();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
