// A pretend model for trying Shipyard without an API key: the scripted OpenAI-compatible test server,
// answering every intent with a short, realistic turn (list files, run a command, answer).
// Run: npx tsx examples/scripted-model.ts   then, in another shell, start shipyard with the
// environment it prints.
import { startScriptedServer } from '../test/support/scripted-server.js';

const server = await startScriptedServer((request) => {
  const body = request.raw.toString();
  // Tool results since the intent's user message tell which step of the turn this is.
  const sinceIntent = body.slice(body.lastIndexOf('"role":"user"'));
  const step = (sinceIntent.match(/"role":"tool"|"function_call_output"/g) ?? []).length;
  if (step === 0)
    return {
      text: 'Let me look at the project first.',
      toolCalls: [{ name: 'list_files', arguments: { depth: 1 } }],
      delayMs: 40,
    };
  if (step === 1)
    return { toolCalls: [{ name: 'shell', arguments: { command: 'git log --oneline -3' } }], delayMs: 40 };
  return { text: 'Done: I read the tree and the recent history; nothing needed changing.', delayMs: 60 };
});
console.log(
  `export OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=demo SHIPYARD_MODEL=demo SHIPYARD_API=chat`,
);
