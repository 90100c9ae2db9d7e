// The files outside the worktree's own that change what `git grep --untracked` searches: the git
// index, info/exclude, the global ignore file, and the attributes files (a `diff` or `binary`
// attribute changes which files -I skips, so then the search index leaves the answer to git).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IndexedFile } from './sibling-files.js';
import { gitRecords } from './sibling-files.js';

export class RepositoryMeta {
  private constructor(
    private readonly watched: string[],
    private readonly attributes: string[],
  ) {}

  /** Undefined unless `root` is a repository's top level (below it, ignore files above would count). */
  static async of(root: string): Promise<RepositoryMeta | undefined> {
    const revParse = ['rev-parse', '--show-toplevel', '--git-path', 'index', '--git-path', 'info/exclude'];
    const [toplevel, index, exclude, infoAttributes] = await gitRecords(
      root,
      [...revParse, '--git-path', 'info/attributes'],
      '\n',
    ).catch(() => [] as string[]);
    if (!toplevel || path.resolve(toplevel) !== root) return undefined;
    const keys = ['config', '-z', '--path', '--get-regexp', '^core\\.(excludesfile|attributesfile)$'];
    const config = await gitRecords(root, keys).catch(() => [] as string[]);
    const configured = (key: string) =>
      config.find((entry) => entry.toLowerCase().startsWith(`${key}\n`))?.split('\n')[1];
    const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    const inRepo = (file: string | undefined) => (file ? [path.resolve(root, file)] : []);
    const attributes = [
      ...inRepo(infoAttributes),
      configured('core.attributesfile') ?? path.join(xdg, 'git', 'attributes'),
      '/etc/gitattributes',
    ];
    const ignores = [...inRepo(exclude), configured('core.excludesfile') ?? path.join(xdg, 'git', 'ignore')];
    return new RepositoryMeta([...inRepo(index), ...ignores, ...attributes], attributes);
  }

  /** Changes when any of those files changes (or appears, or goes). */
  async stamp(): Promise<string> {
    const stats = await Promise.all(
      this.watched.map((file) => fs.promises.stat(file).catch(() => undefined)),
    );
    return stats
      .map((stat) => (stat ? `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}` : '-'))
      .join(' ');
  }

  /**
   * Marks each file whose `diff` attribute decides for git grep -I (unset: binary; set: text; a
   * driver: its `diff.<driver>.binary`); the others are binary when a NUL is in their first 8,000
   * bytes. Returns the files whose mark changed (to read again), undefined when git cannot tell.
   */
  async markBinary(
    root: string,
    files: readonly IndexedFile[],
    attributesMatter: boolean,
  ): Promise<IndexedFile[] | undefined> {
    const changed: IndexedFile[] = [];
    const mark = (file: IndexedFile, binary: boolean | undefined) => {
      if (file.binary === binary) return;
      file.binary = binary;
      changed.push(file);
    };
    if (!attributesMatter) {
      for (const file of files) mark(file, undefined);
      return changed;
    }
    const input = files.map((file) => file.path).join('\0');
    const records = await gitRecords(root, ['check-attr', '-z', '--stdin', 'diff'], '\0', input).catch(
      () => undefined,
    );
    if (!records || records.length !== files.length * 3) return undefined;
    const drivers = new Map<string, boolean | undefined>([
      ['unspecified', undefined],
      ['set', false],
      ['unset', true],
    ]);
    for (let i = 0; i < files.length; i++) {
      const value = records[i * 3 + 2]!;
      if (!drivers.has(value)) drivers.set(value, await driverBinary(root, value));
      mark(files[i]!, drivers.get(value));
    }
    return changed;
  }

  /** True when a `diff`/`binary` attribute may be set somewhere (or a .gitattributes is unreadable). */
  attributesMatter(files: readonly IndexedFile[]): boolean {
    const mentions = (text: string | undefined) => text !== undefined && /diff|binary/.test(text);
    for (const file of files) {
      if (path.posix.basename(file.path) !== '.gitattributes') continue;
      if (file.text === undefined || mentions(file.text)) return true;
    }
    return this.attributes.some((file) => {
      try {
        return mentions(fs.readFileSync(file, 'latin1'));
      } catch {
        return false;
      }
    });
  }
}

/** A diff driver's `binary` setting: undefined when not set (then a NUL decides, as without one). */
async function driverBinary(root: string, driver: string): Promise<boolean | undefined> {
  const value = await gitRecords(
    root,
    ['config', '--type=bool', '--get', `diff.${driver}.binary`],
    '\n',
  ).catch(() => [] as string[]);
  return value[0] === undefined ? undefined : value[0] === 'true';
}
