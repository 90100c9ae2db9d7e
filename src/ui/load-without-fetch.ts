// yoga-layout (Ink's layout engine) reads its WebAssembly from a data: URL through `fetch` when the
// global exists, and touching Node's global `fetch` loads undici: ~20–70 ms of the first frame spent
// on an HTTP client to decode base64. Without a `fetch` it decodes the bytes itself.

/** Runs `load` (an import of Ink) with the global `fetch` hidden, and puts Node's lazy one back. */
export async function loadWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
  // The descriptor, not the value: reading `fetch` is what loads undici.
  const own = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!own?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', own);
  }
}
