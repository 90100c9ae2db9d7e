// Context economy benchmark (`npx tsx bench/economy.ts`): fixed scripts run through the real executor
// against the scripted server, which records every request body. Per script and API it prints the
// requests, total bytes, fresh bytes (the part of a request that no earlier request began with: what a
// prompt cache cannot serve) and prefix breaks (a request that does not begin with the whole previous
// one). Scripts: five one-command intents; the same with AGENTS.md edited and a sibling added midway;
// fifteen file-reading intents on an 8,000-token window (compactions). Goals: 0 breaks on the first
// two, at most one break per compaction, and compaction-run fresh bytes ≤ 0.65 × the old code's.

import { type Api, cacheNumbers, economyProject, editAgentsMd } from '../test/support/economy.js';
import { removeTempDirs } from '../test/support/git-repos.js';

interface Scenario {
  name: string;
  intents: number;
  contextWindow?: number;
  text: (n: number) => string;
  /** Before intent `n` (1-based): change the workspace. */
  before?: (n: number, fixture: Awaited<ReturnType<typeof economyProject>>) => void;
}

const scenarios: Scenario[] = [
  { name: 'five one-command intents', intents: 5, text: (n) => `Run \`echo step ${n}\` and report.` },
  {
    name: 'the same, AGENTS.md edited and a sibling added midway',
    intents: 5,
    text: (n) => `Run \`echo step ${n}\` and report.`,
    before: (n, fixture) => {
      if (n === 3) editAgentsMd(fixture.project, 'Prefer small commits.');
      if (n === 4) fixture.addSibling('web');
    },
  },
  {
    name: 'fifteen file-reading intents, 8,000-token window',
    intents: 15,
    contextWindow: 8000,
    text: (n) => `Read src/file-${n}.txt and tell me what it holds.`,
  },
];

async function run(api: Api, scenario: Scenario) {
  const fixture = await economyProject(api, { contextWindow: scenario.contextWindow });
  try {
    for (let n = 1; n <= scenario.intents; n++) {
      scenario.before?.(n, fixture);
      await fixture.intent(scenario.text(n));
    }
    return cacheNumbers(fixture.server.requests);
  } finally {
    await fixture.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
try {
  for (const api of ['responses', 'chat'] as const) {
    console.log(`${api}:`);
    for (const scenario of scenarios) {
      const n = await run(api, scenario);
      const summaries = n.summaries ? `, ${n.summaries} summary requests` : '';
      console.log(
        `  ${scenario.name}: ${n.requests} requests${summaries}, total ${kb(n.totalBytes)}, ` +
          `fresh ${kb(n.freshBytes)} (${n.freshBytes} B), ${n.breaks} prefix breaks`,
      );
    }
  }
} finally {
  removeTempDirs();
}
