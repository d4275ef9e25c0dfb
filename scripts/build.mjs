// Bundles brum so start-up does not pay for resolving hundreds of files (ink alone costs ~400 ms unbundled):
// - dist/launch.cjs: what bin/brum.js loads. It runs dist/cli.cjs through V8's code cache (src/cli/code-cache.ts).
// - dist/cli.cjs: the CLI and the core.
// - dist/tui.cjs: the TUI (Ink, React), also run from the code cache. The launcher loads it only for a terminal, so
//   `brum run` and `brum ls` never load Ink or React. It carries its own copy of the few pure core functions it
//   calls, and shares no state with the CLI bundle.
// Both bundles are CommonJS because only a classic script can use V8's code cache.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { asciiBundle } from './ascii-bundle.mjs';
import { inkFastOutputEsbuild } from './ink-output-plugin.mjs';
import { lazyEmojiRegexEsbuild } from './lazy-emoji-regex-plugin.mjs';
import { tuiCommonJsEsbuild } from './tui-commonjs-plugin.mjs';

// Chunk names carry content hashes, so each build would otherwise leave the previous chunks (and cache) behind.
for (const name of safeList('dist')) if (/\.(c?js|v8cache|tmp)$/.test(name)) rmSync(`dist/${name}`);

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
};

// A CommonJS bundle has no import.meta; brum's code only asks it for its own location.
const cjs = {
  ...common,
  format: 'cjs',
  define: { ...common.define, 'import.meta.url': '__brumModuleUrl' },
  banner: { js: "const __brumModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await build({ ...cjs, entryPoints: { launch: 'src/cli/launch.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } });
await build({ ...cjs, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } });
await build({
  ...cjs,
  entryPoints: { tui: 'components/tui-bundle.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  // Ink imports react-devtools-core only when DEV is set; it is not a dependency, so keep it out of the bundle.
  external: ['react-devtools-core'],
  plugins: [inkFastOutputEsbuild, tuiCommonJsEsbuild, lazyEmojiRegexEsbuild],
  // Segmenters are built on first use (why: components/ink-output/lazy-segmenter.ts).
  define: { ...cjs.define, 'Intl.Segmenter': 'LazySegmenter' },
  inject: ['components/ink-output/lazy-segmenter.ts'],
});

// The MCP server and its SDK (~80 ms to load): only `brum mcp` loads this bundle.
await build({ ...cjs, entryPoints: { mcp: 'src/mcp/mcp-bundle.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } });

// ASCII only, so Node loads each as a one-byte string (why: scripts/ascii-bundle.mjs).
for (const bundle of ['dist/cli.cjs', 'dist/tui.cjs', 'dist/mcp.cjs']) asciiBundle(bundle);

// Code run from V8's cache has no loader for import(), so one in a bundle would only fail when reached.
// Comment lines are skipped: a library's doc comment may mention `import()` without calling it.
for (const bundle of ['dist/cli.cjs', 'dist/tui.cjs', 'dist/mcp.cjs']) {
  const code = readFileSync(bundle, 'utf8').split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));
  if (code.some((line) => /\bimport\(/.test(line))) throw new Error(`${bundle} calls import(); move it to src/cli/launch.ts`);
}

// A segmenter built when the bundle loads would undo components/ink-output/lazy-segmenter.ts (the define missed one).
if (/(?<!globalThis\.)Intl\.Segmenter\(/.test(readFileSync('dist/tui.cjs', 'utf8'))) throw new Error('dist/tui.cjs builds an Intl.Segmenter itself');

// The reaper is a shell script (see src/runtime/reaper.sh); it ships next to the bundle that spawns it.
mkdirSync('dist', { recursive: true });
copyFileSync('src/runtime/reaper.sh', 'dist/reaper.sh');
