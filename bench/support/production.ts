// A bench of frames must measure the code the app ships: React's production build and the bundle's
// patches of Ink (scripts/bundle-patches.mjs). So it bundles itself the way the app is built
// (scripts/bundle-config.mjs) into dist/bench/ (where `import.meta.dirname` keeps its depth below the
// repository) and runs that with NODE_ENV=production, colours on and the Node flags of the bin's shebang.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export async function runInProduction(file: string): Promise<void> {
  if (process.env.SHIPYARD_BENCH_BUNDLED) return;
  const esbuild = await import('esbuild');
  // @ts-expect-error: a plain .mjs build script, no types
  const { bundleConfig } = await import('../../scripts/bundle-config.mjs');
  const outdir = path.join(root, 'dist/bench');
  await esbuild.build({
    ...bundleConfig,
    absWorkingDir: root,
    entryPoints: [file],
    outdir,
    // As the app's build: what Ink loads only on demand (React DevTools) stays out of the entry.
    splitting: true,
    chunkNames: '[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
  });
  const shebang = fs.readFileSync(path.join(root, 'src/cli/bin.ts'), 'utf8').split('\n', 1)[0]!;
  const nodeFlags = shebang.split(' ').filter((word) => word.startsWith('--'));
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, path.join(outdir, `${path.basename(file, '.ts')}.js`), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      // Colours as in a terminal (chalk reads them from the real stdout, which a bench's may not be):
      // styled text costs more to draw than plain.
      env: { FORCE_COLOR: '2', ...process.env, NODE_ENV: 'production', SHIPYARD_BENCH_BUNDLED: '1' },
    },
  );
  process.exit(child.status ?? 1);
}
