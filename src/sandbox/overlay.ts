// Exactly what a fenced command wrote: it runs on an overlay of the project (mounted in a user and
// mount namespace of its own, `unshare`), so its writes land in an upper layer that Shipyard merges
// back after the command, file by file. A file the user changed meanwhile is left as the user has
// it and reported; everything merged is the agent's, by construction, not guessed from mtimes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ownStart, pidAlive } from '../processes.js';

export interface Layer {
  dir: string;
  upper: string;
  work: string;
  /** Written by the wrapper after the command: each upper folder with the entries the merged view kept. */
  listing: string;
  /** The kernel's clock (a ctime) just before the command: a project file changed later is the user's. */
  since: bigint;
}

export interface MergeResult {
  /** Project-relative paths the command created, changed or deleted, now applied to the project. */
  written: string[];
  /** Paths the command changed that the user changed too while it ran: not applied. */
  conflicts: string[];
}

// Mounts the overlay over the project itself, runs the rest of the arguments (bwrap …), then lists,
// for each folder of the upper layer, what the merged view still holds (so folders the command
// removed and made again, opaque in overlayfs terms, lose the right entries without reading xattrs).
// `trap :` lets the listing run after a SIGTERM to the group; PDEATHSIG ties it to Shipyard's life.
const WRAPPER = [
  'mount -t overlay overlay -o "userxattr,lowerdir=$1,upperdir=$2,workdir=$3" "$1" ||',
  '  { echo "shipyard: cannot mount the project overlay" >&2; exit 125; }',
  'P=$1 U=$2 L=$4; shift 4',
  'trap : TERM INT',
  '"$@"; s=$?',
  // Per upper folder: its path, NUL, the names the merged view holds (each NUL-ended), then NUL.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${d#./} is the shell's, in a shell script
  'cd "$U" && find . -mindepth 1 -type d -exec sh -c \'for d; do d=${d#./}; printf "%s\\0" "$d";' +
    ' find "$0/$d" -mindepth 1 -maxdepth 1 -printf "%f\\0" 2>/dev/null; printf "\\0"; done\' "$P" {} + > "$L"',
  'exit $s',
].join('\n');

export function overlayWrapper(layer: Layer, projectRoot: string): { file: string; args: string[] } {
  return {
    file: 'unshare',
    args: [
      '--user',
      '--map-root-user',
      '--mount',
      '--',
      'setpriv',
      '--pdeathsig',
      'KILL',
      '/bin/sh',
      '-c',
      WRAPPER,
      'overlay',
      projectRoot,
      layer.upper,
      layer.work,
      layer.listing,
    ],
  };
}

/** A fresh layer under `base` (on the project's file system when it can be: merging is then a rename). */
export function makeLayer(base: string): Layer {
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  // The owner's pid in the name: a layer whose process is gone is stale (removeStaleLayers).
  const dir = fs.mkdtempSync(path.join(base, `layer-${process.pid}-${ownStart || '0'}-`));
  const layer = {
    dir,
    upper: path.join(dir, 'upper'),
    work: path.join(dir, 'work'),
    listing: path.join(dir, 'listing'),
  };
  fs.mkdirSync(layer.upper);
  fs.mkdirSync(layer.work);
  // ctimes come from the kernel's coarse clock, not Date.now(): compare like with like. Anything
  // written before this (the agent's own edits, the last command's merge) is not newer than it.
  return { ...layer, since: fs.statSync(layer.work, { bigint: true }).ctimeNs };
}

export function removeLayer(layer: Layer): void {
  fs.rmSync(layer.dir, { recursive: true, force: true });
}

/** Drops the layers of Shipyard processes that died mid-command (their intents were interrupted). */
export function removeStaleLayers(base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    // `layer-<pid>-<start time>-<random>` (older: no start time): a reused pid does not keep it.
    const [, pid, started] = /^layer-(\d+)-(?:(\d+)-)?/.exec(name) ?? [];
    if (!pid || Number(pid) === process.pid || pidAlive(Number(pid), started === '0' ? '' : started)) {
      continue;
    }
    fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
}

const probed = new Map<string, boolean>();

/** Whether overlays can be mounted here (user namespaces, overlayfs with userxattr), probed once per base. */
export function overlaySupported(base: string, bwrap: string): boolean {
  let ok = probed.get(base);
  if (ok !== undefined) return ok;
  ok = false;
  let layer: Layer | undefined;
  try {
    layer = makeLayer(base);
    const lower = path.join(layer.dir, 'lower');
    fs.mkdirSync(lower);
    const wrapper = overlayWrapper(layer, lower);
    const ids = ['--uid', String(process.getuid?.() ?? 0), '--gid', String(process.getgid?.() ?? 0)];
    const bwrapArgs = [
      '--ro-bind',
      '/',
      '/',
      '--bind',
      lower,
      lower,
      '--unshare-pid',
      '--unshare-user',
      ...ids,
      '--',
    ];
    const run = spawnSync(
      wrapper.file,
      [...wrapper.args, bwrap, ...bwrapArgs, '/bin/sh', '-c', 'echo x > "$1/probe"', 'sh', lower],
      { stdio: 'ignore', timeout: 5000 },
    );
    ok =
      run.status === 0 &&
      fs.existsSync(path.join(layer.upper, 'probe')) &&
      !fs.existsSync(path.join(lower, 'probe'));
  } catch {
    ok = false;
  } finally {
    if (layer) removeLayer(layer);
  }
  probed.set(base, ok);
  return ok;
}

const MAX_LISTED = 100_000;

/** Applies the upper layer to the project; call after the command's processes are gone. */
export function mergeLayer(layer: Layer, projectRoot: string): MergeResult {
  const written: string[] = [];
  const conflicts: string[] = [];
  const kept = readListing(layer.listing);
  const lowerOf = (rel: string) => path.join(projectRoot, rel);
  const changedByUser = (rel: string): boolean => {
    const ctime = ctimeOf(lowerOf(rel));
    return ctime !== undefined && ctime > layer.since;
  };
  const remove = (rel: string): void => {
    if (changedByUser(rel)) {
      conflicts.push(rel);
      return;
    }
    const stat = lstat(lowerOf(rel));
    if (!stat) return;
    if (stat.isDirectory()) written.push(...filesUnder(projectRoot, rel));
    else written.push(rel);
    fs.rmSync(lowerOf(rel), { recursive: true, force: true });
  };
  const place = (rel: string): void => {
    if (changedByUser(rel)) {
      conflicts.push(rel);
      return;
    }
    const target = lowerOf(rel);
    if (lstat(target)?.isDirectory()) remove(rel);
    moveInto(path.join(layer.upper, rel), target);
    written.push(rel);
  };
  const mergeDir = (rel: string): void => {
    const upperDir = path.join(layer.upper, rel);
    const entries = fs.readdirSync(upperDir, { withFileTypes: true });
    // A folder the command removed and made again keeps only what the merged view showed.
    const shown = kept.get(rel);
    if (shown && lstat(lowerOf(rel))?.isDirectory()) {
      const inUpper = new Set(entries.map((entry) => entry.name));
      for (const name of fs.readdirSync(lowerOf(rel))) {
        if (!shown.has(name) && !inUpper.has(name)) remove(join(rel, name));
      }
    }
    for (const entry of entries) {
      const child = join(rel, entry.name);
      if (child === '.git') continue; // read-only inside; never taken from a layer
      const upperPath = path.join(layer.upper, child);
      if (entry.isCharacterDevice() && fs.lstatSync(upperPath).rdev === 0) {
        remove(child); // a whiteout: the command deleted it
      } else if (entry.isDirectory()) {
        const lower = lstat(lowerOf(child));
        if (lower && !lower.isDirectory()) {
          if (changedByUser(child)) {
            conflicts.push(child);
            continue;
          }
          remove(child);
        }
        if (!lstat(lowerOf(child)))
          fs.mkdirSync(lowerOf(child), { mode: fs.statSync(upperPath).mode & 0o7777 });
        mergeDir(child);
      } else {
        place(child);
      }
    }
  };
  mergeDir('');
  return { written, conflicts };
}

function moveInto(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // Another file system: copy (a symlink as a symlink), keeping the mode.
    fs.rmSync(to, { force: true });
    fs.cpSync(from, to, { preserveTimestamps: true, verbatimSymlinks: true });
  }
}

function readListing(file: string): Map<string, Set<string>> {
  const kept = new Map<string, Set<string>>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return kept; // killed before listing: folders are taken as merged, nothing removed through them
  }
  let current: Set<string> | undefined;
  for (const field of text.split('\0').slice(0, MAX_LISTED)) {
    if (current === undefined) {
      if (field === '') continue;
      current = new Set();
      kept.set(field, current);
    } else if (field === '') {
      current = undefined;
    } else {
      current.add(field);
    }
  }
  return kept;
}

function filesUnder(root: string, rel: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const child = join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child);
      if (out.length >= MAX_LISTED) return;
    }
  };
  walk(rel);
  return out;
}

function join(rel: string, name: string): string {
  return rel ? `${rel}/${name}` : name;
}

function ctimeOf(p: string): bigint | undefined {
  try {
    return fs.lstatSync(p, { bigint: true }).ctimeNs;
  } catch {
    return undefined;
  }
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
