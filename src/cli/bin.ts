#!/usr/bin/env -S node --min-semi-space-size=8 --max-semi-space-size=8 --heap-growing-percent=20
// Entry point: on a Node too old for node:sqlite and chokidar, hand over to a suitable one found on
// this machine (or say in one line which it needs) before anything else loads.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  const { findNode, handOver, tooOldLine } = await import('./find-node.js');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(import.meta.url);
  // dist/cli/bin.js (or src/cli/bin.ts) → the package's root, two folders up.
  const node = process.env.SHIPYARD_RELAUNCHED
    ? undefined
    : findNode(process.env, fileURLToPath(new URL('../..', import.meta.url)));
  if (!node) {
    process.stderr.write(`${tooOldLine()}\n`);
    process.exit(1);
  }
  handOver(node, script, process.argv.slice(2));
} else {
  // React and its reconciler load their production builds (several times faster to render) unless a
  // developer asks otherwise (`npm run dev`; the bundle has only the production build).
  const env = process.env;
  env.NODE_ENV ??= 'production';
  // Cache compiled code on disk: start-up loads a few MB of JavaScript (ink, react, openai).
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  await import('./main.js');
}
