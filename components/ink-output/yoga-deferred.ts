import { setFlagsFromString } from 'node:v8';
import { loadYoga, type Yoga } from 'yoga-layout/load';
import { WASM_TIERING_BUDGET } from '../../src/cli/wasm-tiering';

/**
 * What Ink gets for `import Yoga from 'yoga-layout'` in brum's TUI bundle (swapped in by
 * scripts/tui-commonjs-plugin.mjs; the tests use yoga-layout itself).
 *
 * Why: yoga-layout's main entry loads its WebAssembly with a top-level await, which only an ES module may contain,
 * and only a classic script can run from V8's code cache (src/cli/code-cache.ts). Ink touches Yoga only inside
 * functions, never while its modules load, so the bundle can load first and fill this object before Ink draws.
 */
const deferred = {} as Yoga;
let loading: Promise<void> | null = null;

/**
 * A tiering budget no layout gets through in a session. V8 gives each function of a wasm instance its budget when
 * the instance is made; with the usual one, the first frames make V8 compile Yoga's hot functions again with its
 * optimising compiler, ~40–50 ms of a helper thread that ran just while npm starts the first script (two cores here).
 * Yoga's baseline code lays out a frame in ~175 µs instead of ~140 (docs/performance.md, entry 3g).
 */
const YOGA_TIERING_BUDGET = 2_000_000_000;

/** Loads the layout engine into the object Ink imported. Call (and await) it before Ink renders anything. */
export function loadLayoutEngine(): Promise<void> {
  if (loading) return loading;
  // Only instances made while the budget is raised keep it. The TUI bundle holds no other wasm, and the CLI's
  // newline scanner is made by the first start, which comes before this (or, with nothing started, long after).
  // An instance made in between would only be optimised later. The budget goes back exactly, or the code cache
  // would not fit.
  setFlagsFromString(`--wasm-tiering-budget=${YOGA_TIERING_BUDGET}`);
  const restore = () => setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  loading = loadYoga().then(
    (yoga) => {
      restore();
      Object.assign(deferred, yoga);
    },
    (error: unknown) => {
      restore();
      throw error;
    },
  );
  return loading;
}

export default deferred;
