// Runs one function call from the model: find the tool, check the arguments, apply the approval
// policy, run it, cap the output. Every failure becomes an output the model reads and can react to.
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import type { FunctionCallItem, FunctionCallOutputItem } from '../model/conversation.js';
import type { ApprovalPolicy } from '../model/policies.js';
import type { AgentEvent, ApprovalAnswer, ApprovalRequest } from './events.js';
import { outputPreview } from './output-preview.js';
import { TurnCancelled } from './step.js';
import type { Tool, ToolContext, ToolResult } from './tool.js';
import { capToolOutput } from './truncate.js';

export interface ApprovalGate {
  policy: ApprovalPolicy;
  approve?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  /** Set by an `always` answer: the rest of the turn runs without asking. */
  alwaysApproved: boolean;
}

type Prepared =
  | { ok: true; tool: Tool; args: unknown; summary: string; detail: string; escalation?: string }
  | { ok: false; result: ToolResult };

export function prepareCall(call: FunctionCallItem, tools: ReadonlyMap<string, Tool>): Prepared {
  const tool = tools.get(call.name);
  if (!tool) {
    const known = [...tools.keys()].sort().join(', ');
    return fail(
      `${call.name} (unknown tool)`,
      `error: there is no tool named "${call.name}". Available tools: ${known}.`,
    );
  }
  let raw: unknown;
  try {
    // Some models send nothing at all for a tool without parameters.
    raw = call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch (error) {
    return fail(
      `${call.name} (bad arguments)`,
      `error: the arguments of ${call.name} are not valid JSON (${errorMessage(error)}). Send one JSON object matching the tool's schema.`,
    );
  }
  const parsed = tool.parameters.safeParse(raw);
  if (!parsed.success) {
    return fail(
      `${call.name} (bad arguments)`,
      `error: invalid arguments for ${call.name}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  let summary: string;
  try {
    summary = tool.describe(parsed.data);
  } catch {
    summary = call.name;
  }
  let detail: string;
  try {
    detail = tool.approvalDetail?.(parsed.data) ?? summary;
  } catch {
    detail = summary;
  }
  const escalation = tool.escalation?.(parsed.data);
  return { ok: true, tool, args: parsed.data, summary, detail, ...(escalation ? { escalation } : {}) };
}

function fail(summary: string, output: string): Prepared {
  return { ok: false, result: { output, summary, isError: true } };
}

/** Whether the call may run; undefined means yes, else the refusal the model sees. */
async function gateCall(
  tool: Tool,
  call: { summary: string; detail: string; escalation?: string },
  gate: ApprovalGate,
  signal: AbortSignal,
) {
  const { summary, detail, escalation } = call;
  if (escalation !== undefined) return gateEscalation(tool, call, escalation, gate, signal);
  if (tool.kind === 'read' || gate.policy === 'auto' || gate.alwaysApproved) return undefined;
  if (gate.policy === 'read-only') {
    return `refused: this project is read-only, so ${tool.name} (${tool.kind}) is not allowed. Use read tools only and tell the user what you would change.`;
  }
  if (!gate.approve) return `refused: ${tool.name} needs the user's approval and no one can approve it now.`;
  const answer = await abortable(gate.approve({ tool: tool.name, summary, detail }), signal);
  if (answer === 'always') gate.alwaysApproved = true;
  if (answer === 'no')
    return `refused: the user declined this action (${summary}). Do not retry it; ask or take another approach.`;
  return undefined;
}

// A run outside the sandbox waits for the user every time, whatever the policy or an earlier `always`.
async function gateEscalation(
  tool: Tool,
  { summary, detail }: { summary: string; detail: string },
  reason: string,
  gate: ApprovalGate,
  signal: AbortSignal,
) {
  if (gate.policy === 'read-only') {
    return `refused: this project is read-only, so ${tool.name} may not run outside the sandbox.`;
  }
  if (!gate.approve) {
    return "refused: running outside the sandbox needs the user's approval and no one can approve it now (headless: `shipyard ask --yes`). Work inside the sandbox or tell the user what you need.";
  }
  const answer = await abortable(
    gate.approve({ tool: tool.name, summary, detail, escalation: reason }),
    signal,
  );
  if (answer === 'no') {
    return `refused: the user declined to run this outside the sandbox (${summary}). Do not retry it; work inside the sandbox or tell the user what you need.`;
  }
  return undefined;
}

export async function runToolCall(
  call: FunctionCallItem,
  tools: ReadonlyMap<string, Tool>,
  ctx: ToolContext,
  gate: ApprovalGate,
  onEvent: (event: AgentEvent) => void,
): Promise<FunctionCallOutputItem> {
  const started = performance.now();
  const prepared = prepareCall(call, tools);
  const startSummary = prepared.ok ? prepared.summary : prepared.result.summary;
  onEvent({ type: 'tool-start', callId: call.call_id, name: call.name, summary: startSummary });
  let result: ToolResult;
  if (!prepared.ok) {
    result = prepared.result;
  } else {
    const refusal = await gateCall(prepared.tool, prepared, gate, ctx.signal);
    if (refusal) {
      result = { output: refusal, summary: `${prepared.summary} (refused)`, isError: true };
    } else {
      try {
        result = await prepared.tool.run(prepared.args, ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw new TurnCancelled();
        result = {
          output: `error: ${call.name} failed: ${errorMessage(error)}`,
          summary: `${prepared.summary} → error`,
          isError: true,
        };
      }
    }
  }
  const output = capToolOutput(result.output);
  const preview = outputPreview(result.output);
  onEvent({
    type: 'tool-end',
    callId: call.call_id,
    name: call.name,
    summary: result.summary,
    isError: result.isError === true,
    durationMs: performance.now() - started,
    preview,
    // The whole output (as the model got it) only when the preview does not already show it all.
    ...(output.trimEnd() !== preview ? { output } : {}),
  });
  return { type: 'function_call_output', call_id: call.call_id, output };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TurnCancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TurnCancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
