// How the app's code is bundled, shared by the build (scripts/build.mjs) and the benchmarks that
// measure frames in-process (bench/support/production.ts), so both run the code a user runs.
import { bundlePatches } from './bundle-patches.mjs';

export const bundleConfig = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
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
  // Ink's frame without its repeated measuring (see bundle-patches.mjs).
  plugins: [bundlePatches],
};
