// Git commands the agent may not run: Shipyard alone commits, and nothing is ever pushed. Inside the
// sandbox `.git` is read-only, so only `push` needs refusing there (with the network on it would
// reach the remote before failing locally); without a sandbox the whole list is refused.

/** Subcommands that write history, refs, the index or the working tree through git. */
export const GIT_WRITE_COMMANDS = [
  'commit',
  'reset',
  'checkout',
  'switch',
  'restore',
  'stash',
  'rebase',
  'merge',
  'cherry-pick',
  'revert',
  'am',
  'clean',
  'tag',
  'push',
  'pull',
  'update-ref',
] as const;

const WRAPPERS = new Set([
  'sudo',
  'command',
  'exec',
  'time',
  'nice',
  'env',
  'nohup',
  'xargs',
  'then',
  'do',
  'else',
]);
// git's global options that take a value as the next word.
const VALUED = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--config-env',
]);

/** The first refused git subcommand in a shell command, if any. */
export function refusedGitCommand(command: string, unfenced: boolean): string | undefined {
  const refused: ReadonlySet<string> = new Set(unfenced ? GIT_WRITE_COMMANDS : ['push']);
  // Words split on shell separators; good enough to catch what a model writes, not an adversary.
  for (const segment of command.split(/&&|\|\||[;|&\n()`{}]|\$\(/)) {
    const words = segment.trim().split(/\s+/);
    // The command word: after `VAR=value` assignments and wrappers such as `sudo` or `nohup`.
    let at = 0;
    while (at < words.length && (/^\w+=/.test(words[at]!) || WRAPPERS.has(words[at]!))) at++;
    if (words[at]?.replace(/^.*\//, '') !== 'git') continue;
    let next = at + 1;
    while (next < words.length && words[next]!.startsWith('-')) {
      next += VALUED.has(words[next]!) ? 2 : 1;
    }
    const sub = words[next]?.replace(/^['"]|['"]$/g, '');
    if (sub && refused.has(sub)) return sub;
  }
  return undefined;
}

export function gitRefusal(sub: string, unfenced: boolean): string {
  if (sub === 'push') {
    return 'refused: `git push` is never run by the agent. Shipyard commits your work when the intent ends; the user decides what to push.';
  }
  return `refused: \`git ${sub}\` writes to the repository${unfenced ? ' (commands run without a sandbox here)' : ''}. Shipyard commits your work when the intent ends; do not use git to write. Read-only git (status, diff, log, show, blame, grep) is fine.`;
}
