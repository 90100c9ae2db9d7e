// Approvals for an engine's tool calls, asked in Shipyard's pane. Codex runs a PreToolUse hook
// before each tool call (the same hook format as Claude Code); the hook is a tiny Node script that
// hands the call to this process over a Unix socket and prints the user's answer. Claude Code asks
// through the SDK's `canUseTool` callback instead, with the same decision.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ApprovalAnswer, ApprovalRequest } from '../agent/events.js';
import { stripControls } from '../sanitize.js';

export type Decision = { allow: true } | { allow: false; reason: string };

/** Tools that only read (the sibling tools of `shipyard mcp`, Claude Code's readers): never asked. */
const READ_ONLY = /^(mcp__shipyard__.*|Read|Glob|Grep|LS|TodoWrite|NotebookRead)$/;

export class ApprovalGate {
  private always = false;

  constructor(
    private readonly approve: ((request: ApprovalRequest) => Promise<ApprovalAnswer>) | undefined,
    private readonly signal: AbortSignal,
  ) {}

  async decide(toolName: string, input: unknown): Promise<Decision> {
    if (READ_ONLY.test(toolName) || this.always) return { allow: true };
    if (this.signal.aborted) return { allow: false, reason: 'the intent was cancelled' };
    if (!this.approve)
      return { allow: false, reason: `${toolName} needs the user's approval and no one can approve it now` };
    const answer = await this.approve(approvalRequest(toolName, input));
    if (answer === 'always') this.always = true;
    return answer === 'no' ? { allow: false, reason: 'the user said no' } : { allow: true };
  }
}

/** What the pane's approval prompt shows for one engine tool call. */
export function approvalRequest(toolName: string, input: unknown): ApprovalRequest {
  const fields = (input ?? {}) as Record<string, unknown>;
  const command = typeof fields.command === 'string' ? fields.command : undefined;
  const file = typeof fields.file_path === 'string' ? fields.file_path : undefined;
  const detail = stripControls(command ?? JSON.stringify(input, null, 2) ?? toolName);
  const first = (command ?? file ?? '').split('\n')[0] ?? '';
  const tool = command !== undefined ? 'shell' : toolName;
  return { tool, summary: stripControls(`${tool}${first ? ` ${first.slice(0, 200)}` : ''}`), detail };
}

const HOOK_SCRIPT = `// Shipyard's approval hook: hands the tool call to Shipyard and prints its answer.
import net from 'node:net';
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  let answer = '';
  const reply = (decision, reason) => {
    process.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } }));
    process.exit(0);
  };
  const socket = net.connect(process.argv[2], () => socket.end(input));
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (answer += chunk));
  socket.on('end', () => {
    try { const parsed = JSON.parse(answer); reply(parsed.decision, parsed.reason); }
    catch { reply('deny', 'Shipyard gave no answer'); }
  });
  socket.on('error', () => reply('deny', 'Shipyard is not reachable'));
});
`;

export interface HookBridge {
  /** The hook command line (run by the engine through a shell). */
  command: string;
  close(): Promise<void>;
}

/** Serves `gate` on a socket in `dir`; the returned command is the engine's PreToolUse hook. */
export async function startHookBridge(gate: ApprovalGate, dir: string, node: string): Promise<HookBridge> {
  const script = path.join(dir, 'approve-hook.mjs');
  const socketPath = path.join(dir, 'approve.sock');
  fs.writeFileSync(script, HOOK_SCRIPT, { mode: 0o600 });
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let body = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      body += chunk;
      if (body.length > 4 * 1024 * 1024) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('end', () => {
      let call: { tool_name?: unknown; tool_input?: unknown } = {};
      try {
        call = JSON.parse(body);
      } catch {
        // An unreadable call is refused below.
      }
      const name = typeof call.tool_name === 'string' ? call.tool_name : '';
      const decision: Promise<Decision> = name
        ? gate.decide(name, call.tool_input)
        : Promise.resolve({ allow: false, reason: 'unreadable tool call' });
      decision
        .catch((error: unknown) => ({ allow: false, reason: String(error) }) as Decision)
        .then((answer) => {
          const reply = answer.allow
            ? { decision: 'allow', reason: 'approved in Shipyard' }
            : { decision: 'deny', reason: answer.reason };
          socket.end(JSON.stringify(reply));
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    command: `${shellQuote(node)} ${shellQuote(script)} ${shellQuote(socketPath)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
