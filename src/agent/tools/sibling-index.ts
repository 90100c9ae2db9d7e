// A kept search index per sibling repository: the files `git grep --untracked` would search, with
// their bytes in memory, kept true by an inotify watch on every folder git walks, so a search is a
// regex over memory instead of 50,000 opens. A changed known name is read again; a new name is
// checked with one `ls-files --others`; a new or gone folder, an ignore or attributes file, or the
// git index (compared by stat) lists the repository again. Dropped after 10 idle minutes.
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FolderWatches, MAX_FOLDERS, watchable } from './folder-watches.js';
import {
  addedFiles,
  byteOrder,
  type IndexedFile,
  listFiles,
  listFolders,
  readFiles,
  readInto,
  rereadChanged,
} from './sibling-files.js';
import { RepositoryMeta } from './sibling-meta.js';

export interface IndexView {
  files: readonly IndexedFile[];
}

const MAX_FILES = 200_000;
/**
 * Text held per repository and by all of them (the least recently searched go first). The process
 * holds ~3.5× its text (22 MB of text for 50,000 files is ~80 MB of RSS), and it is the app's own:
 * 64 MB of text stays near the RSS goals; a bigger sibling is git's to search.
 */
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const IDLE_MS = 10 * 60_000;
/**
 * inotify drops events when its queue (16,384 by default, shared by the process's watches)
 * overflows, and libuv says nothing: after a burst this big, every file's lstat is checked.
 */
const BURST_EVENTS = 2000;
/** After a repository could not be indexed (too big, a watch refused), git answers for a while. */
const RETRY_MS = 60 * 60_000;
const indexes = new Map<string, SiblingIndex>();
const refused = new Map<string, number>();

/**
 * The index of the repository at `root` (a real path), brought up to date; undefined: ask git. The
 * first call only starts building it (git answers that search meanwhile): a one-off search costs no
 * more than before, and the next one waits for the build if it is not done.
 */
export async function siblingIndex(root: string): Promise<IndexView | undefined> {
  if ((refused.get(root) ?? 0) > Date.now()) return undefined;
  if (!watchable(root)) {
    refused.set(root, Number.POSITIVE_INFINITY);
    return undefined;
  }
  let index = indexes.get(root);
  const first = !index;
  if (!index) {
    index = new SiblingIndex(root);
    indexes.set(root, index);
  }
  // Most recently used last, for the byte limit across repositories.
  indexes.delete(root);
  indexes.set(root, index);
  const built = index;
  const view = built.current().then(
    (current) => {
      // Not one git grep can be replaced for (too big, attributes, an odd entry): git answers.
      if (!current && !built.isClosed) refuse(built);
      evictBeyondLimit();
      return current;
    },
    () => {
      refuse(built);
      return undefined;
    },
  );
  return first ? undefined : view;
}

function refuse(index: SiblingIndex): void {
  index.close();
  // A watch that failed is worth another try at the next search; anything else waits a while.
  if (!index.retry) refused.set(index.root, Date.now() + RETRY_MS);
}

/** Closes every index (tests, and a process that wants its watches back). */
export function closeSiblingIndexes(): void {
  for (const index of indexes.values()) index.close();
  refused.clear();
}

function evictBeyondLimit(): void {
  let total = 0;
  for (const index of indexes.values()) total += index.bytes;
  for (const index of indexes.values()) {
    if (total <= MAX_TOTAL_BYTES) break;
    total -= index.bytes;
    index.close();
  }
}

class SiblingIndex {
  bytes = 0;
  /** Set when only a watch failed: the next search builds the index again. */
  retry = false;
  private files: IndexedFile[] = [];
  private byPath = new Map<string, IndexedFile>();
  private ignored = new Set<string>();
  private watches: FolderWatches;
  private dirty = new Set<string>();
  /** Names that appeared in a watched folder, not yet known to be a file git walks to or not. */
  private appeared = new Set<string>();
  private events = 0;
  private stale = true;
  /** Set when watches may have missed changes: every kept file's lstat is compared. */
  private burst = false;
  private broken = false;
  private unsupported = false;
  /** Some attributes file may set `diff`: each file's attribute is asked of git. */
  private attributes = false;
  private meta: RepositoryMeta | undefined;
  private metaStamp = '';
  private queue: Promise<unknown> = Promise.resolve();
  private idle: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(readonly root: string) {
    this.watches = new FolderWatches(
      root,
      (folder, name) => this.onChange(folder, name),
      () => {
        this.broken = true;
        this.retry = true;
      },
    );
  }

  /** One caller at a time brings the index up to date; the others wait and share the result. */
  current(): Promise<IndexView | undefined> {
    const next = this.queue.then(() => this.update());
    this.queue = next.catch(() => undefined);
    return next;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    this.watches.close();
    this.files = [];
    this.byPath.clear();
    this.bytes = 0;
    clearTimeout(this.idle);
    if (indexes.get(this.root) === this) indexes.delete(this.root);
  }

  private async update(): Promise<IndexView | undefined> {
    if (this.closed) return undefined;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_MS).unref();
    // Two turns of the event loop: inotify events queued by any change made before this search
    // (the kernel queues them before the write returns) have been read and applied.
    await nextTurn();
    await nextTurn();
    if (this.broken) throw new Error('a watch failed');
    // The git index changed (a checkout, a reset): often many files at once, so check them all.
    if (this.meta && this.metaStamp !== (await this.meta.stamp())) {
      this.stale = true;
      this.burst = true;
    }
    if (this.events >= BURST_EVENTS) this.burst = true;
    this.events = 0;
    if (!this.stale && this.appeared.size > 0) await this.addAppeared();
    if (this.stale) await this.relist();
    else await this.reread();
    if (this.broken || this.closed) throw new Error('a watch failed');
    this.bytes = this.files.reduce((sum, file) => sum + (file.text?.length ?? 0), 0);
    if (this.bytes > MAX_BYTES) throw new Error('too big');
    return this.unsupported ? undefined : { files: this.files };
  }

  /** Lists the repository again; files not changed since they were read keep their bytes. */
  private async relist(): Promise<void> {
    this.stale = false;
    const changed = this.dirty;
    this.dirty = new Set();
    this.appeared.clear();
    this.meta ??= await RepositoryMeta.of(this.root);
    if (!this.meta) return this.refuseRepository();
    this.metaStamp = await this.meta.stamp();
    // Watches first, then the listing and the reads: a change after a watch exists is seen by it.
    const walked = await listFolders(this.root, MAX_FOLDERS);
    if (!walked) return this.refuseRepository();
    const { folders, ignored } = walked;
    this.ignored = ignored;
    const watched = this.watches.watchOnly(folders);
    if (watched === 'refused') return this.refuseRepository();
    if (watched === 'vanished') this.stale = true;
    const list = await listFiles(this.root);
    if (list.paths.length > MAX_FILES) return this.refuseRepository();
    const files: IndexedFile[] = [];
    const toRead: IndexedFile[] = [];
    let unwatched = false;
    for (const file of list.paths) {
      const known = this.byPath.get(file);
      const entry = known && !changed.has(file) ? known : { path: file, longLines: false };
      if (entry !== known) toRead.push(entry);
      files.push(entry);
      // Every file git walks to is in a folder it walks; if not, the watches would miss it.
      const folder = path.posix.dirname(file);
      if (!this.watches.has(folder === '.' ? '' : folder)) unwatched = true;
    }
    this.files = files;
    this.byPath = new Map(files.map((file) => [file.path, file]));
    if (!(await readFiles(this.root, toRead, MAX_BYTES))) return this.refuseRepository();
    if (this.burst) {
      this.burst = false;
      await rereadChanged(this.root, files);
    }
    this.attributes = this.meta.attributesMatter(files);
    const remarked = await this.meta.markBinary(this.root, files, this.attributes);
    for (const file of remarked ?? []) readInto(this.root, file);
    this.unsupported = list.unsupported || unwatched || !remarked;
  }

  /**
   * New names in watched folders: new files git would walk to join the list in their place; a new
   * or vanished folder, or many names at once, lists the whole repository again.
   */
  private async addAppeared(): Promise<void> {
    const names = [...this.appeared];
    this.appeared.clear();
    const added = await addedFiles(this.root, names, (folder) => this.watches.has(folder));
    if (!added) {
      this.stale = true;
      return;
    }
    for (const name of added.ignored) this.ignored.add(name);
    const entries: IndexedFile[] = [];
    for (const file of added.files) {
      if (this.byPath.has(file)) continue;
      const entry: IndexedFile = { path: file, longLines: false };
      entries.push(entry);
      let low = 0;
      let high = this.files.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (byteOrder(this.files[middle]!.path, file) < 0) low = middle + 1;
        else high = middle;
      }
      this.files.splice(low, 0, entry);
      this.byPath.set(file, entry);
      this.dirty.add(file);
    }
    // Read after this (they are dirty), so marked first.
    if (!(await this.meta?.markBinary(this.root, entries, this.attributes))) this.stale = true;
  }

  private async reread(): Promise<void> {
    const changed = this.dirty;
    this.dirty = new Set();
    for (const file of changed) {
      const entry = this.byPath.get(file);
      if (!entry) {
        this.stale = true;
        continue;
      }
      readInto(this.root, entry);
    }
    if (this.stale) await this.relist();
    else if (this.burst) {
      this.burst = false;
      await rereadChanged(this.root, this.files);
    }
  }

  private refuseRepository(): void {
    this.broken = true;
  }

  private onChange(folder: string, name: string | null): void {
    this.events++;
    if (name === null) {
      this.stale = true;
      return;
    }
    const rel = folder === '' ? name : `${folder}/${name}`;
    if (name === '.git') {
      if (folder !== '') this.stale = true;
    } else if (name === '.gitignore' || name === '.gitattributes') this.stale = true;
    else if (this.byPath.has(rel)) this.dirty.add(rel);
    else if (!this.ignored.has(rel) && !this.ignored.has(`${rel}/`)) this.appeared.add(rel);
  }
}
