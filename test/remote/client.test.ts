// The client over a raw byte stream: the hello's answer and the notifications after it may arrive in
// one chunk, and each is applied in order to the state the hello brought.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RemoteClient } from '../../src/remote/client.js';
import { paneState } from '../support/fixtures.js';

describe('the protocol client', () => {
  it('applies notifications that share a chunk with the hello answer', async () => {
    const fromServer = new PassThrough();
    const toServer = new PassThrough();
    const client = new RemoteClient({ input: fromServer, output: toServer });
    const greeted = client.hello();
    const api = paneState('api');
    const lines = [
      {
        id: 1,
        result: {
          protocol: 1,
          version: '0',
          host: 'h',
          root: '/',
          pid: 1,
          seq: 0,
          state: { workspaceRoot: '/', panes: [api] },
        },
      },
      { method: 'pane', params: { seq: 1, change: { path: api.project.path, fields: { queueLength: 2 } } } },
      { method: 'notice', params: { seq: 2, notice: 'hello there' } },
    ];
    fromServer.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    await greeted;
    expect(client.closed).toBeUndefined();
    expect(client.current?.panes[0]?.queueLength).toBe(2);
    expect(client.current?.notice).toBe('hello there');
    // A gap in the numbers is a protocol error: the connection ends with it.
    fromServer.write(`${JSON.stringify({ method: 'notice', params: { seq: 5, notice: 'x' } })}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.closed).toMatch(/notification 5 after 2/);
  });
});
