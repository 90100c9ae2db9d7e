import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { runTurn } from '../../src/agent/loop.js';
import { turnOptions } from '../support/scripted-server/harness.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (s: ScriptedServer) => new OpenAI({ apiKey: 'k', baseURL: s.baseURL, maxRetries: 0 });

describe('scripted server', () => {
  it('answers non-streaming Responses and chat requests (for summaries) and records the raw bytes', async () => {
    server = await startScriptedServer([
      { text: 'summary one' },
      { text: 'summary two', usage: { input: 50 } },
    ]);
    const response = await client(server).responses.create({ model: 'm', input: 'summarise', store: false });
    expect(response.output_text).toBe('summary one');
    const completion = await client(server).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'summarise' }],
    });
    expect(completion.choices[0]!.message.content).toBe('summary two');
    expect(completion.usage?.prompt_tokens).toBe(50);
    expect(server.requests.map((r) => r.api)).toEqual(['responses', 'chat']);
    expect(JSON.parse(server.requests[0]!.raw.toString('utf8'))).toEqual(server.requests[0]!.body);
  });

  it('says so when the script has no turn left', async () => {
    server = await startScriptedServer([]);
    const result = await runTurn(turnOptions(server, 'responses'));
    expect(result.status).toBe('failed');
    expect(result.error).toBe(
      'model endpoint rejected the request (400): scripted server: no turn scripted for request 1',
    );
  });

  it('an unreachable endpoint is retried and then named in one line', async () => {
    server = await startScriptedServer([]);
    const options = turnOptions(server, 'chat', { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await server.close();
    const result = await runTurn(options);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /^model endpoint still failing after 2 attempts: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: connect ECONNREFUSED/,
    );
  });
});
