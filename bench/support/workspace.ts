// Builds a throw-away workspace of N small git repositories for benchmarks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeWorkspace(count: number, filesPerRepo = 40): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `shipyard-bench-${count}-`)));
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `project-${String(i).padStart(2, '0')}`);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    for (let f = 0; f < filesPerRepo; f++)
      fs.writeFileSync(path.join(dir, 'src', `file-${f}.ts`), `export const v${f} = ${f};\n`);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
        cwd: dir,
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', `initial commit of project ${i}`);
    fs.writeFileSync(path.join(dir, 'src', 'file-0.ts'), 'export const v0 = 42;\n');
    fs.writeFileSync(path.join(dir, 'NOTES.md'), 'untracked\n');
  }
  return root;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
