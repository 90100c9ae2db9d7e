// CLI listings line their columns up in terminal cells: a project named in Chinese or Japanese
// (two cells a character) or with an emoji pads to the same column as an ASCII one.
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

let workspace: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  workspace = makeTempDir('shipyard-cli-wide-');
  env = { SHIPYARD_HOME: makeTempDir('shipyard-home-') };
  createRepo({ parent: workspace, name: 'api' });
  createRepo({ parent: workspace, name: '中文项目', commits: ['初始提交 😀'] });
  createRepo({ parent: workspace, name: 'web' });
});
afterEach(removeTempDirs);

/** The cell at which `word` starts on each line that has it. */
function cellsBefore(output: string, word: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes(word))
    .map((line) => stringWidth(line.slice(0, line.indexOf(word))));
}

describe('CLI columns with wide project names', () => {
  it('status pads names by cells', async () => {
    const result = await runCli(['status', '--root', workspace], { env });
    expect(result.code).toBe(0);
    const columns = cellsBefore(result.stdout, 'idle');
    expect(columns).toHaveLength(3);
    expect(new Set(columns).size).toBe(1);
  });

  it('ls pads names and commit subjects by cells', async () => {
    const result = await runCli(['ls', '--root', workspace], { env });
    expect(result.code).toBe(0);
    expect(new Set(cellsBefore(result.stdout, 'main')).size).toBe(1);
    expect(new Set(cellsBefore(result.stdout, 'no upstream')).size).toBe(1);
  });
});
