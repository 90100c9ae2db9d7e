import { describe, expect, it } from 'vitest';
import { ObservableState } from '../../src/core/observable-state.js';

describe('ObservableState.hold', () => {
  it('keeps writes from listeners until released, then notifies once at once', () => {
    const store = new ObservableState({ n: 0 }, 34);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get().n));
    const release = store.hold();
    store.update(() => ({ n: 1 }));
    store.update(() => ({ n: 2 }));
    expect(store.get().n).toBe(2);
    expect(seen).toEqual([]);
    release();
    expect(seen).toEqual([2]);
    release();
    expect(seen).toEqual([2]);
  });

  it('notifies no one at a release when nothing was written, and waits for the last of two holds', () => {
    const store = new ObservableState({ n: 0 });
    let heard = 0;
    store.subscribe(() => heard++);
    store.hold()();
    expect(heard).toBe(0);
    const first = store.hold();
    const second = store.hold();
    store.update(() => ({ n: 1 }));
    first();
    expect(heard).toBe(0);
    second();
    expect(heard).toBe(1);
  });

  it('a notification due during a hold waits for the release', async () => {
    const store = new ObservableState({ n: 0 }, 10);
    let heard = 0;
    store.subscribe(() => heard++);
    store.update(() => ({ n: 1 }));
    const release = store.hold();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(heard).toBe(0);
    release();
    expect(heard).toBe(1);
  });
});
