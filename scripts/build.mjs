// Builds dist/: one bundled entry (dist/cli/bin.js) plus the chunks the first frame does not need
// (the agent code and the openai SDK, the git and watcher code, each command), with source maps.
// One file instead of hundreds: Node's ESM loader spent more time resolving and linking small
// files than running them. `--if-stale` skips the build when dist/ is newer than every source.
import fs from 'node:fs';
import path from 'node:path';

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
  for (const file of ['src', 'package.json', 'package-lock.json', 'scripts/build.mjs']) {
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
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    // Smaller to parse; identifiers stay as written, so stack traces and class names read as in src/.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies (simple-git, react) call `require` for Node's built-in modules.
    banner: {
      js: "import { createRequire as __shipyardRequire } from 'node:module'; const require = __shipyardRequire(import.meta.url);",
    },
    // React's production build only (the development one doubles the bytes to parse); `npm run dev`
    // runs src/ through tsx for React's development build.
    define: { 'process.env.NODE_ENV': '"production"' },
    // Ink loads it only under DEV=true (React DevTools); it is not installed.
    // The engine SDKs are optional dependencies that spawn binaries from their own package folders:
    // loaded from node_modules at run time, never bundled (and their absence is one line, not a build error).
    external: ['react-devtools-core', '@openai/codex-sdk', '@anthropic-ai/claude-agent-sdk'],
    // jsonc-parser's `main` is a UMD build whose `require`s esbuild cannot follow; its ESM build is whole.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    logLevel: 'warning',
  });
  // The bin runs by its shebang (`npm link`, benchmarks, `./dist/cli/bin.js`): executable whatever
  // esbuild or the umask made of it.
  fs.chmodSync(entry, 0o755);
}
