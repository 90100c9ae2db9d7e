// Context economy, proven on the requests the scripted server received through the real executor: the
// summary request is the conversation plus one message (a prompt-cache hit up to it), workspace and
// AGENTS.md changes arrive as news without breaking the prefix, reference tools only with siblings,
// the context block only when it changed, and no kept item is an answer without its intent.
import { afterEach, describe, expect, it } from 'vitest';
import { CURRENT_INTENT_HEADER, SUMMARY_HEADER, SUMMARY_REQUEST } from '../../src/agent/compact.js';
import { freshPromptState, workspaceNews } from '../../src/agent/prompt-state.js';
import { compactOnRequest } from '../../src/core/compact-on-request.js';
import type { ContextEntry, ContextItem } from '../../src/model/conversation.js';
import { settingsSchema } from '../../src/store/settings.js';
import {
  breaksPrefix,
  cacheNumbers,
  conversation,
  type EconomyProject,
  economyProject,
  editAgentsMd,
  isSummaryRequest,
  lastText,
  toolNames,
} from '../support/economy.js';
import { removeTempDirs } from '../support/git-repos.js';
import type { RecordedRequest } from '../support/scripted-server.js';

let fx: EconomyProject | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  removeTempDirs();
});

const referenceTools = ['list_project_files', 'list_projects', 'read_project_file', 'search_project'];
const read = (n: number) => `Read src/file-${n}.txt and tell me what it holds.`;

/** The live items that answer (calls, outputs, assistant text) with no message of their intent before them. */
function answersWithoutIntent(items: readonly ContextEntry[]): ContextEntry[] {
  const asked = new Set<number>();
  const orphans: ContextEntry[] = [];
  for (const entry of items) {
    const item = entry.item as ContextItem;
    if (item.type === 'message' && item.role === 'user') {
      if (entry.intentId !== null) asked.add(entry.intentId);
    } else if (entry.intentId !== null && !asked.has(entry.intentId)) orphans.push(entry);
  }
  return orphans;
}

/** The first request of each intent: the one whose last message is the intent's. */
const intentRequests = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => conversation(request).at(-1)?.role === 'user' && !isSummaryRequest(request));

const instructionsOf = (request: RecordedRequest) =>
  request.api === 'responses'
    ? String(request.body.instructions)
    : String((request.body.messages as { content: string }[])[0]!.content);

describe.each(['responses', 'chat'] as const)('context economy over the %s API', (api) => {
  it.each([
    ['between intents', 8000, ''],
    ['mid-turn', 4000, ' Do it twice.'],
  ])('asks for the summary %s as one more message of the conversation', async (when, window, twice) => {
    fx = await economyProject(api, { contextWindow: window });
    for (let n = 1; n <= 12; n++) await fx.intent(`${read(n)}${twice}`);
    const requests = fx.server.requests;
    const summaries = requests.flatMap((request, i) => (isSummaryRequest(request) ? [i] : []));
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    // Between intents the conversation ends with the last answer; mid-turn, with a tool output.
    for (const i of summaries) {
      const before = conversation(requests[i]!).at(-2)!;
      if (when === 'mid-turn')
        expect(before.type === 'function_call_output' || before.role === 'tool').toBe(true);
      else expect(before.role).toBe('assistant');
    }
    for (const i of summaries) {
      const previous = requests[i - 1]!;
      const request = requests[i]!;
      // Byte for byte the previous request, then its answer and the request for a summary.
      expect(breaksPrefix(previous, request)).toBe(false);
      expect(request.raw.subarray(0, previous.raw.length - 2)).toEqual(previous.raw.subarray(0, -2));
      expect(lastText(request).startsWith(`${SUMMARY_REQUEST} `)).toBe(true);
      expect(request.body.tools).toEqual(previous.body.tools);
      expect(request.body.prompt_cache_key).toEqual(previous.body.prompt_cache_key);
    }
    // The request after a summary starts from it: the one break each compaction costs, and no other.
    for (const i of summaries) {
      const after = conversation(requests[i + 1]!);
      expect(String(after[api === 'chat' ? 1 : 0]!.content).startsWith(SUMMARY_HEADER)).toBe(true);
    }
    expect(cacheNumbers(requests).breaks).toBe(summaries.length);
    // No kept item is an answer without its intent; the newest turn is kept verbatim.
    const live = fx.contexts.items(fx.project.path);
    expect(answersWithoutIntent(live)).toEqual([]);
    const last = live.at(-1)!;
    expect(String((last.item as ContextItem & { content: string }).content)).toMatch(
      /^Done: Read src\/file-12\.txt/,
    );
    const outputs = live.filter((entry) => entry.kind === 'tool_result' && entry.intentId === last.intentId);
    expect(outputs.length).toBeGreaterThanOrEqual(1);
  });

  it('tells of an AGENTS.md edit and a new sibling in the next message, without breaking the prefix', async () => {
    fx = await economyProject(api);
    await fx.intent('Run `echo one` and report.');
    editAgentsMd(fx.project, 'Prefer small commits.');
    await fx.intent('Run `echo two` and report.');
    fx.addSibling('web');
    await fx.intent('Run `echo three` and report.');
    await fx.intent('Run `echo four` and report.');

    const requests = fx.server.requests;
    expect(cacheNumbers(requests).breaks).toBe(0);
    expect(new Set(requests.map(instructionsOf)).size).toBe(1);
    const [first, second, third, fourth] = intentRequests(requests).map(lastText);
    expect(first).not.toContain('<workspace-news>');
    expect(second).toContain('<workspace-news>');
    expect(second).toContain('AGENTS.md changed since the start of this conversation');
    expect(second).toContain('Prefer small commits.');
    expect(third).toContain('Projects added to the workspace (read-only references): web.');
    expect(third).not.toContain('AGENTS.md');
    expect(fourth).not.toContain('<workspace-news>');
  });

  it('offers the reference tools exactly when there are siblings, and brings them at the next compaction', async () => {
    fx = await economyProject(api);
    await fx.intent('Run `echo alone` and report.');
    const alone = fx.server.requests[0]!;
    for (const name of referenceTools) expect(toolNames(alone)).not.toContain(name);
    expect(instructionsOf(alone)).not.toContain('Other projects');

    fx.addSibling('web');
    await fx.intent('Run `echo web arrived` and report.');
    const arrived = intentRequests(fx.server.requests).at(-1)!;
    expect(toolNames(arrived)).toEqual(toolNames(alone));
    expect(lastText(arrived)).toContain('The reference tools that read them come with the next compaction');

    const compacted = await compactOnRequest({
      contexts: fx.contexts,
      project: fx.project,
      settings: settingsSchema.parse({}),
      env: {
        OPENAI_BASE_URL: fx.server.baseURL,
        OPENAI_API_KEY: 'k',
        SHIPYARD_MODEL: 'm',
        SHIPYARD_API: api,
      },
    });
    expect(compacted.compacted).toBe(true);
    await fx.intent('Run `echo after compaction` and report.');
    const after = intentRequests(fx.server.requests).at(-1)!;
    for (const name of referenceTools) expect(toolNames(after)).toContain(name);
    expect(instructionsOf(after)).toContain('Other projects in this workspace (read-only references): web.');
    expect(lastText(after)).not.toContain('<workspace-news>');

    fx.workspace.projects.pop();
    await fx.intent('Run `echo web left` and report.');
    expect(lastText(intentRequests(fx.server.requests).at(-1)!)).toContain(
      'Projects removed from the workspace: web.',
    );
  });

  it('sends the context block only when something in it changed', async () => {
    fx = await economyProject(api);
    await fx.intent('Run `echo one` and report.');
    await fx.intent('Run `echo two` and report.');
    editAgentsMd(fx.project, 'A local edit.');
    await fx.intent('Run `echo three` and report.');
    const [first, second, third] = intentRequests(fx.server.requests).map(lastText);
    expect(first).toMatch(/<context>\ndate: \d{4}-\d{2}-\d{2}\ngit status: branch main, clean\n<\/context>/);
    expect(second).not.toContain('<context>');
    expect(third).toMatch(/<context>\n.*\ngit status: branch main, 1 modified\n<\/context>/);
  });
});

describe('workspaceNews', () => {
  const instructions = (text: string) => ({ file: 'AGENTS.md', text });
  const long = Array.from({ length: 30 }, (_, i) => `- rule ${i + 1}: keep it tidy`).join('\n');

  it('sends a small edit of a long AGENTS.md as a diff, a removal and a new file in one line or whole', () => {
    const state = freshPromptState({ instructions: instructions(long), siblings: ['api'] });
    const [edit] = workspaceNews(state, {
      instructions: instructions(long.replace('rule 12: keep it tidy', 'rule 12: keep it small')),
      siblings: ['api'],
    });
    expect(edit).toContain('AGENTS.md changed since the start of this conversation; follow it as changed');
    expect(edit).toContain('-- rule 12: keep it tidy\n+- rule 12: keep it small');
    expect(edit!.length).toBeLessThan(long.length);
    expect(workspaceNews(state, { siblings: ['api'] })).toEqual([
      'AGENTS.md was removed from the project: its instructions no longer apply.',
    ]);
    expect(
      workspaceNews(freshPromptState({ siblings: [] }), {
        instructions: instructions('Use pnpm.'),
        siblings: [],
      }),
    ).toEqual(['The project now has instructions in AGENTS.md (follow them):\n\nUse pnpm.']);
    expect(workspaceNews(state, { instructions: instructions(long), siblings: ['api'] })).toEqual([]);
  });
});

describe('compaction in the middle of an intent', () => {
  it('keeps the running intent with its question, never an earlier answer without its own', async () => {
    fx = await economyProject('responses', { contextWindow: 4000 });
    for (let n = 1; n <= 4; n++) await fx.intent(read(n));
    // One long intent: its own steps outgrow the window.
    await fx.intent(`${read(5)} Do it twice.`);
    const live = fx.contexts.items(fx.project.path);
    expect(answersWithoutIntent(live)).toEqual([]);
    const first = live[0]!.item as ContextItem & { content: string };
    expect(first.content.startsWith(SUMMARY_HEADER)).toBe(true);
    // Whatever was cut, the kept part starts with a question: the summary quotes it, or it follows.
    const second = live[1]!.item as ContextItem;
    expect(
      first.content.includes(`${CURRENT_INTENT_HEADER}\n${read(5)}`) ||
        (second.type === 'message' && second.role === 'user'),
    ).toBe(true);
  });
});
