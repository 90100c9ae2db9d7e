#!/usr/bin/env -S node --max-semi-space-size=1
// Entry point: refuse an old Node with one line before anything imports node:sqlite or chokidar.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(`shipyard: needs Node.js 22.22 or newer (this is ${process.versions.node})\n`);
  process.exit(1);
}
// React and its reconciler load their production builds (several times faster to render) unless a
// developer asks otherwise (`npm run dev`; the bundle has only the production build).
const env = process.env;
env.NODE_ENV ??= 'production';
// Cache compiled code on disk: start-up loads a few MB of JavaScript (ink, react, openai).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('./main.js');
