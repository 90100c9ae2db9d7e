import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/agent/events.js';
import { runTurn } from '../../src/agent/loop.js';
import { echoTool, toolOutputs, turnOptions, writeTool } from '../support/scripted-server/harness.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Step 1 reads and writes, step 2 writes again, step 3 answers. */
async function twoWriteSteps() {
  server = await startScriptedServer([
    {
      toolCalls: [
        { id: 'r1', name: 'echo', arguments: { text: 'look' } },
        { id: 'w1', name: 'write_note', arguments: { note: 'first' } },
      ],
    },
    { toolCalls: [{ id: 'w2', name: 'write_note', arguments: { note: 'second' } }] },
    { text: 'Wrote notes' },
  ]);
  return server;
}

describe('approval policies', () => {
  it('read-only refuses write tools with a message to the model and never asks', async () => {
    const server = await twoWriteSteps();
    const writes: string[] = [];
    const asked: ApprovalRequest[] = [];
    const tools = [echoTool, writeTool(writes)];
    const result = await runTurn(
      turnOptions(server, 'responses', {
        tools,
        approval: 'read-only',
        approve: async (request) => {
          asked.push(request);
          return 'yes';
        },
      }),
    );
    expect(result.status).toBe('done');
    expect(writes).toEqual([]);
    expect(asked).toEqual([]);
    const outputs = toolOutputs(server.requests[1]!);
    expect(outputs.r1).toBe('echoed: look');
    expect(outputs.w1).toMatch(/^refused: this project is read-only, so write_note \(write\) is not allowed/);
  });

  it('ask: "no" tells the model the user refused; read tools run without asking', async () => {
    const server = await twoWriteSteps();
    const writes: string[] = [];
    const asked: ApprovalRequest[] = [];
    const result = await runTurn(
      turnOptions(server, 'chat', {
        tools: [echoTool, writeTool(writes)],
        approval: 'ask',
        approve: async (request) => {
          asked.push(request);
          return 'no';
        },
      }),
    );
    expect(result.status).toBe('done');
    expect(writes).toEqual([]);
    expect(asked).toEqual([
      { tool: 'write_note', summary: 'write_note first', detail: 'write_note first' },
      { tool: 'write_note', summary: 'write_note second', detail: 'write_note second' },
    ]);
    expect(toolOutputs(server.requests[2]!).w2).toBe(
      'refused: the user declined this action (write_note second). Do not retry it; ask or take another approach.',
    );
  });

  it('ask: "yes" runs the call and asks again next time; "always" approves the rest of the turn', async () => {
    const yesServer = await twoWriteSteps();
    const writes: string[] = [];
    let asks = 0;
    await runTurn(
      turnOptions(yesServer, 'responses', {
        tools: [echoTool, writeTool(writes)],
        approval: 'ask',
        approve: async () => {
          asks++;
          return 'yes';
        },
      }),
    );
    expect(writes).toEqual(['first', 'second']);
    expect(asks).toBe(2);
    await yesServer.close();

    const alwaysServer = await twoWriteSteps();
    const alwaysWrites: string[] = [];
    let alwaysAsks = 0;
    await runTurn(
      turnOptions(alwaysServer, 'responses', {
        tools: [echoTool, writeTool(alwaysWrites)],
        approval: 'ask',
        approve: async () => {
          alwaysAsks++;
          return 'always';
        },
      }),
    );
    expect(alwaysWrites).toEqual(['first', 'second']);
    expect(alwaysAsks).toBe(1);
  });

  it('auto runs everything without asking', async () => {
    const server = await twoWriteSteps();
    const writes: string[] = [];
    const result = await runTurn(
      turnOptions(server, 'responses', {
        tools: [echoTool, writeTool(writes)],
        approve: async () => {
          throw new Error('must not ask');
        },
      }),
    );
    expect(result.status).toBe('done');
    expect(writes).toEqual(['first', 'second']);
  });

  it('cancelling while waiting for approval ends the turn as cancelled', async () => {
    const server = await twoWriteSteps();
    const controller = new AbortController();
    const result = await runTurn(
      turnOptions(server, 'responses', {
        tools: [echoTool, writeTool([])],
        approval: 'ask',
        signal: controller.signal,
        approve: () => {
          setTimeout(() => controller.abort(), 10);
          return new Promise(() => {});
        },
      }),
    );
    expect(result.status).toBe('cancelled');
    expect(result.items.at(-1)).toMatchObject({ type: 'function_call_output', call_id: 'w1' });
  });
});
