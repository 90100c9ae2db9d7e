// Builds dist/: one bundled entry (dist/cli/bin.js) plus the chunks the first frame does not need
// (the agent code and the openai SDK, the git and watcher code, each command), with source maps.
// One file instead of hundreds: Node's ESM loader spent more time resolving and linking small
// files than running them. `--if-stale` skips the build when dist/ is newer than every source.
import fs from 'node:fs';
import path from 'node:path';
import { bundleConfig } from './bundle-config.mjs';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/cli');
const entry = path.join(outdir, 'bin.js');

/** Newest modification time of the files the bundle is made of (ours; dependencies via the lock file). */
function newestSource() {
  let newest = 0;
  const visit = (file) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const file of [
    'src',
    'package.json',
    'package-lock.json',
    'scripts/build.mjs',
    'scripts/bundle-config.mjs',
    'scripts/bundle-patches.mjs',
  ]) {
    visit(path.join(root, file));
  }
  return newest;
}

function isStale() {
  try {
    return fs.statSync(entry).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

if (!process.argv.includes('--if-stale') || isStale()) {
  // Loaded only to build: `npm start` with a fresh dist/ pays for the check alone.
  const esbuild = await import('esbuild');
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { bin: 'src/cli/bin.ts' },
    outdir,
    // Every chunk sits next to bin.js: `main.ts` finds package.json at `../../package.json`.
    chunkNames: '[name]-[hash]',
    splitting: true,
    sourcemap: true,
    // Smaller to parse; identifiers stay as written, so stack traces and class names read as in src/.
    minifyWhitespace: true,
    minifySyntax: true,
    ...bundleConfig,
    logLevel: 'warning',
  });
  // The bin runs by its shebang (`npm link`, benchmarks, `./dist/cli/bin.js`): executable whatever
  // esbuild or the umask made of it.
  fs.chmodSync(entry, 0o755);
}
