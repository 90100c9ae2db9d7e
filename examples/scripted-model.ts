// A pretend model for trying Shipyard without an API key: the scripted OpenAI-compatible test server,
// answering every intent with a short, realistic turn (list files, run a command, answer).
// Run: npx tsx examples/scripted-model.ts   then, in another shell, start shipyard with the
// environment it prints. An intent that says "slow" runs a 20 s command: try Esc (cancel) or Tab (steer).
import { startScriptedServer } from '../test/support/scripted-server.js';

type Message = { role?: string; type?: string; content?: unknown };

const server = await startScriptedServer((request) => {
  // Chat sends `messages`, the Responses API `input`: the same conversation either way.
  const conversation = ((request.body.messages ?? request.body.input ?? []) as Message[]).filter(Boolean);
  const lastUser = conversation.findLastIndex((m) => m.role === 'user');
  const intent = String(conversation[lastUser]?.content ?? '');
  // Tool results since the intent's message tell which step of the turn this is.
  const step = conversation
    .slice(lastUser + 1)
    .filter((m) => m.role === 'tool' || m.type === 'function_call_output').length;
  if (step === 0 && intent.includes('slow')) {
    return {
      text: 'This will take a while.',
      toolCalls: [{ name: 'shell', arguments: { command: 'sleep 20; echo woke' } }],
      delayMs: 40,
    };
  }
  if (step === 0) {
    return {
      text: 'Let me look at the project first.',
      toolCalls: [{ name: 'list_files', arguments: { depth: 1 } }],
      delayMs: 40,
    };
  }
  if (step === 1)
    return { toolCalls: [{ name: 'shell', arguments: { command: 'git log --oneline -3' } }], delayMs: 40 };
  return { text: 'Done: I read the tree and the recent history; nothing needed changing.', delayMs: 60 };
});
console.log(
  `export OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=demo SHIPYARD_MODEL=demo SHIPYARD_API=chat`,
);
