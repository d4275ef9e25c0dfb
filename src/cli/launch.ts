import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadCommonJsCached, type LoadedModule } from './code-cache';
import type { runCli } from './main';
import type { TuiImporter, TuiModule } from './run-tui-command';
import type { McpModule } from './tui-contract';
import type { McpImporter } from './main';
import { WASM_TIERING_BUDGET } from './wasm-tiering';

/**
 * What bin/brum.js loads: dist/launch.cjs, built from this file. It runs brum's two bundles through V8's code
 * cache: the CLI (dist/cli.cjs) at once, which brings the spawn of the first script ~25 ms closer to launch, and
 * the TUI (dist/tui.cjs) only when a terminal is in use.
 *
 * A bundle's cache (dist/NAME.cjs.v8cache) is written at exit by a run that found none, or none that fits this
 * build and this Node, so it holds every function of the bundle that run compiled.
 */
const dist = __dirname;

// V8 rejects a cache made under other flags, and the heap governor (src/runtime/heap-governor.ts) turns on
// --expose-gc in the middle of a flood; a cache saved at the exit of such a run would never fit the next start.
// On from the start, the flags at exit are the flags at load. It only lets a new context see gc().
setFlagsFromString('--expose-gc');
// V8 optimises a function once it has run about 66 KB of bytecode. brum's hot paths get there within the first
// second of a flood, and compiling them then is most of what V8's helper threads do: ~60 % of brum's CPU beside its
// main thread, taken from the two cores the children share. 15× the budget leaves the hottest functions to be
// optimised a moment later and the rest not at all (docs/performance.md, entry 8): under a 1M-line flood of coloured
// lines, brum's CPU fell from ~1.1 s to ~0.73 s, the main thread's own time unchanged.
setFlagsFromString('--interrupt-budget=1000000');
// Stated, so that the TUI can put it back exactly after loading its layout engine (see wasm-tiering.ts).
setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);

function load(name: string): LoadedModule {
  const loaded = loadCommonJsCached(path.join(dist, `${name}.cjs`), path.join(dist, `${name}.cjs.v8cache`));
  if (loaded.status !== 'hit') process.once('exit', () => loaded.saveCache());
  if (process.env.BRUM_DEBUG) process.stderr.write(`brum: ${name} code cache ${loaded.status}\n`);
  return loaded;
}

const importTui: TuiImporter = async () => {
  const tui = load('tui').exports as TuiModule;
  await tui.loadLayoutEngine();
  return tui;
};
const importMcp: McpImporter = () => Promise.resolve(load('mcp').exports as McpModule);
(load('cli').exports as { runCli: typeof runCli }).runCli(process.argv, importTui, importMcp);
