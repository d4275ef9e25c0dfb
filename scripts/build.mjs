// Bundles the CLI so startup does not pay for resolving hundreds of ESM files (ink alone costs ~400 ms unbundled).
// The TUI is a separate chunk behind a dynamic import, so `brum run` and `brum ls` never load Ink or React.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { inkFastOutputEsbuild } from './ink-output-plugin.mjs';

// Chunk names carry content hashes, so each build would otherwise leave the previous chunks behind.
for (const name of safeList('dist')) if (name.endsWith('.js')) rmSync(`dist/${name}`);

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const banner = {
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  js: "import { createRequire as __brumCreateRequire } from 'node:module'; const require = __brumCreateRequire(import.meta.url);",
};

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner,
  // Ink imports react-devtools-core only when DEV is set; it is not a dependency, so keep it out of the bundle.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [inkFastOutputEsbuild],
});

// The reaper is a shell script (see src/runtime/reaper.sh); it ships next to the bundle that spawns it.
mkdirSync('dist', { recursive: true });
copyFileSync('src/runtime/reaper.sh', 'dist/reaper.sh');
