// One inotify watch per folder (fs.watch, not recursive: only the folders the search index needs),
// reporting each changed name as `folder`-relative; never keeps the process alive.
import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';

export type WatchOutcome = 'watched' | 'vanished' | 'refused';

/** inotify watches are shared by every program of the user: the index takes at most a quarter. */
export const MAX_FOLDERS = Math.min(20_000, Math.floor(inotifyLimit() / 4));

// statfs magic numbers of local Linux filesystems, where inotify sees every change. On NFS, SMB,
// FUSE or WSL's 9p mounts of Windows drives, a change made elsewhere raises no event.
const LOCAL_FILESYSTEMS = new Set([
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x2fc12fc1, // zfs
  0x794c7630, // overlayfs
  0xf2f52010, // f2fs
  0xca451a4e, // bcachefs
]);

/** Whether watches can keep an index of `root` true: Linux (inotify, read at once) on a local disk. */
export function watchable(root: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return LOCAL_FILESYSTEMS.has(Number(fs.statfsSync(root).type));
  } catch {
    return false;
  }
}

function inotifyLimit(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8')) || 8192;
  } catch {
    return 8192;
  }
}

export class FolderWatches {
  private watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly onChange: (folder: string, name: string | null) => void,
    private readonly onError: () => void,
  ) {}

  has(folder: string): boolean {
    return this.watchers.has(folder);
  }

  /** Watches exactly `folders` (`''` is the root): new ones added, the others closed. */
  watchOnly(folders: Set<string>): WatchOutcome {
    for (const [folder, watcher] of this.watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    let outcome: WatchOutcome = 'watched';
    for (const folder of folders) {
      const added = this.watch(folder);
      if (added === 'refused') return added;
      if (added === 'vanished') outcome = added;
    }
    return outcome;
  }

  watch(folder: string): WatchOutcome {
    if (this.watchers.has(folder)) return 'watched';
    let watcher: FSWatcher;
    try {
      watcher = fs.watch(path.join(this.root, folder), { persistent: false }, (_event, name) =>
        this.onChange(folder, name),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Gone since the walk: list again. Anything else (out of inotify watches): git answers.
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'vanished' : 'refused';
    }
    watcher.on('error', this.onError);
    this.watchers.set(folder, watcher);
    return 'watched';
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
