// Runs every bench/*.bench.ts in turn: each is bundled with esbuild into dist/bench and executed in its own process,
// so one benchmark's heap and timers never colour another's figures.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { inkFastOutputEsbuild } from '../scripts/ink-output-plugin.mjs';

/**
 * Packages stay external (loaded from node_modules as they are), except Ink: the in-process TUI bench must draw
 * with the Output and string-width brum ships, which are swapped into Ink's own files as they are bundled.
 */
const externalExceptInk = {
  name: 'external-except-ink',
  setup(build) {
    // Ink loads its devtools (and with them react-devtools-core, not installed) only when DEV is set: leave that
    // import to run time, where it never happens.
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), args.path), external: true } : undefined,
    );
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      // The swap plugin asks where string-width really is; let that resolve to the file.
      if (args.pluginData?.inkFastOutput) return undefined;
      if (args.path === 'ink' || args.path.startsWith('ink/')) return undefined;
      if (!/[\\/]node_modules[\\/]/.test(args.importer)) return { path: args.path, external: true };
      // Ink's own imports: loaded at run time from where Ink would load them (it keeps its own signal-exit).
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { inkFastOutput: true } });
      return real.errors.length > 0 ? { path: args.path, external: true } : { path: real.path, external: true };
    });
  },
};

const only = process.argv.slice(2);
// A bench with helpers of its own lives in its folder as bench/<name>/<name>.bench.ts (bench/watch-startup).
const inFolders = readdirSync('bench', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `${d.name}/${d.name}.bench.ts`)
  .filter((f) => existsSync(path.join('bench', f)));
const files = [...readdirSync('bench'), ...inFolders]
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.tsx'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  const out = path.join('dist/bench', file.replace(/\.tsx?$/, '.mjs'));
  await build({
    entryPoints: [path.join('bench', file)],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [inkFastOutputEsbuild, externalExceptInk],
    logLevel: 'warning',
  });
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (failed > 0) {
  console.error(`\n${failed} benchmark(s) exited with an error`);
  process.exit(1);
}
