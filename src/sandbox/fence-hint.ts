// The line a tool result ends with when a fenced command seems to have hit the fence, so the model
// knows why it failed and what it may do about it.
import type { SandboxPolicy } from './policy.js';

const READ_ONLY = /Read-only file system|EROFS/;
const NETWORK =
  /Could not resolve host|Temporary failure in name resolution|Name or service not known|Network is unreachable|ENETUNREACH|EAI_AGAIN|ENOTFOUND|getaddrinfo|Connection refused|ECONNREFUSED|No address associated/i;
const DENIED = /Permission denied|EACCES/;
const ESCALATE =
  'If the task truly needs it, call shell again with `escalate_reason` to ask the user to run this one command outside the sandbox.';

export function fenceHint(command: string, output: string, policy: SandboxPolicy): string | undefined {
  if (READ_ONLY.test(output)) {
    if (/\bgit\b/.test(command) && /\.git\b/.test(output)) {
      return "[sandbox: the repository's .git is read-only. Shipyard commits your work when the intent ends; do not use git to write (commit, reset, checkout, stash, rebase, push, tag).]";
    }
    const where =
      policy.mode === 'read-only'
        ? 'this project is read-only: no command may write files'
        : 'writes outside the project folder are blocked (only the project and /tmp are writable)';
    return `[sandbox: ${where}. ${ESCALATE}]`;
  }
  if (!policy.network && NETWORK.test(output)) {
    return `[sandbox: the network is off for agent commands (sandbox.network). ${ESCALATE}]`;
  }
  if (DENIED.test(output)) {
    return `[sandbox: credential files and other projects' secret files are masked and cannot be read. Do not try to work around it.]`;
  }
  return undefined;
}
