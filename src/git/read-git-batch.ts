// The same read-only git command in many repositories at once, through a few `sh` processes instead
// of one Node child process each: at start-up the grid reads every repository twice (the first read,
// then once more when its watcher is ready), and each spawn from Node costs its main thread 3–6 ms
// (fork of a ~100 MB process), ~60 % of start-up's CPU after the first frame with 30 repos.
//
// Calls made within GATHER_MS of the first are gathered; each batch is one `sh` running git in
// its repositories one after another, and each answer is handed out as soon as it is read. Whatever
// a batch cannot answer exactly (git failed, the output is not framed as expected, the batch went
// quiet for STALL_MS) is asked again on its own through `readGit`, which gives git's own error line.
import { spawn } from 'node:child_process';
import { withGitLimit } from './limit.js';
import { gitEnv, readGit } from './read-git.js';
import { assertRepoFolder } from './repo-folder.js';

interface Request {
  repoPath: string;
  resolve: (output: string) => void;
  reject: (error: unknown) => void;
}

interface Pending {
  args: string[];
  timeoutMs?: number;
  requests: Request[];
}

/**
 * How long calls are gathered: the watchers of 30 repositories get ready over a second or so, and
 * each asks for one more read; a pane's refresh after a change is already 150 ms behind it.
 */
const GATHER_MS = 10;

/**
 * A batch that answers nothing for this long is stopped and what it still owes is asked alone, in
 * parallel: one slow repository (a huge tree, a cold disk) must not hold back those queued behind
 * it in its batch. Each read alone has the usual timeout.
 */
const STALL_MS = 400;

/** How many batches one gathering splits into: git runs in parallel across them. */
const BATCHES = 4;

const pending = new Map<string, Pending>();
let scheduled = false;

/**
 * `git --no-optional-locks <args>` in `repoPath`, as `readGit`, but gathered with the other calls of
 * the next few milliseconds into a few processes. `args` are fixed options chosen by us (words of
 * letters, digits, `-`, `=` and `,` only), with `-z`.
 */
export function readGitGathered(
  repoPath: string,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<string> {
  // The framing below relies on `-z` output (no two NULs in a row, a NUL at the end).
  if (!args.includes('-z') || !args.every((arg) => /^[\w=,-]+$/.test(arg))) {
    throw new Error(`not a fixed -z git command: ${args.join(' ')}`);
  }
  const key = JSON.stringify([args, options.timeoutMs ?? null]);
  return new Promise<string>((resolve, reject) => {
    let entry = pending.get(key);
    if (!entry) {
      entry = { args, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), requests: [] };
      pending.set(key, entry);
    }
    entry.requests.push({ repoPath, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        const gathered = [...pending.values()];
        pending.clear();
        for (const batch of gathered) dispatch(batch.args, batch.requests, batch.timeoutMs);
      }, GATHER_MS);
    }
  });
}

function dispatch(args: string[], requests: Request[], timeoutMs?: number): void {
  const alone = (request: Request) =>
    readGit(request.repoPath, args, timeoutMs ? { timeoutMs } : {}).then(request.resolve, request.reject);
  if (requests.length === 1) {
    void alone(requests[0]!);
    return;
  }
  // Round robin: the calls made first (the panes on screen) are each batch's first.
  const batches: Request[][] = Array.from({ length: Math.min(BATCHES, requests.length) }, () => []);
  for (const [index, request] of requests.entries()) batches[index % batches.length]!.push(request);
  const stallMs = Math.min(STALL_MS, timeoutMs ?? STALL_MS);
  for (const batch of batches) {
    void withGitLimit(() => runBatch(args, batch, stallMs)).then((unanswered) => {
      for (const request of unanswered) void alone(request);
    });
  }
}

/** Runs one batch; resolves with the requests it could not answer (to be asked again alone). */
function runBatch(args: string[], requests: Request[], stallMs: number): Promise<Request[]> {
  const waiting: Request[] = [];
  for (const request of requests) {
    try {
      assertRepoFolder(request.repoPath);
      waiting.push(request);
    } catch (error) {
      request.reject(error);
    }
  }
  if (waiting.length === 0) return Promise.resolve([]);
  // After each repository's output: NUL, \x01, git's exit status, newline. A record of git's `-z`
  // output never holds two NULs in a row and ends with one, so its end is the first "\0\0".
  const script = `for d do git --no-optional-locks -C "$d" ${args.join(' ')} 2>/dev/null; printf '\\0\\001%s\\n' "$?"; done`;
  return new Promise<Request[]>((settle) => {
    const child = spawn('/bin/sh', ['-c', script, 'sh', ...waiting.map((request) => request.repoPath)], {
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'ignore'],
      // Its own process group: stopping the batch stops the git it is running too.
      detached: true,
    });
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let buffer: Buffer = Buffer.alloc(0);
    let next = 0;
    const again: Request[] = [];
    let timer: NodeJS.Timeout | undefined;
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stop();
        done();
      }, stallMs);
    };
    quiet();
    // Hands out every complete record in the buffer; false when the framing is not what we wrote.
    const take = (): boolean => {
      while (next < waiting.length) {
        const end = buffer[0] === 0 && buffer[1] === 1 ? 0 : buffer.indexOf('\0\0');
        if (end < 0) return true;
        const recordEnd = end === 0 ? 0 : end + 1;
        // The marker's \x01 may be in a chunk still to come.
        if (recordEnd + 1 >= buffer.length) return true;
        if (buffer[recordEnd] !== 0 || buffer[recordEnd + 1] !== 1) return false;
        const newline = buffer.indexOf('\n', recordEnd + 2);
        if (newline < 0) return true;
        const status = buffer.subarray(recordEnd + 2, newline).toString('latin1');
        if (!/^\d+$/.test(status)) return false;
        const request = waiting[next++]!;
        if (status === '0') request.resolve(buffer.subarray(0, recordEnd).toString('utf8'));
        else again.push(request);
        buffer = buffer.subarray(newline + 1);
      }
      return buffer.length === 0;
    };
    let broken = false;
    // Chunks since the last look: a record ends only in a chunk holding a newline (the end of our
    // marker), so a status of many megabytes is joined once, not copied again with every chunk.
    let unread: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      if (broken || settled) return;
      quiet();
      unread.push(chunk);
      if (!chunk.includes(0x0a)) return;
      buffer = Buffer.concat(buffer.length === 0 ? unread : [buffer, ...unread]);
      unread = [];
      if (!take()) {
        broken = true;
        stop();
      }
    });
    let settled = false;
    function done() {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle([...again, ...waiting.slice(next)]);
    }
    child.on('error', done);
    child.on('close', done);
  });
}
