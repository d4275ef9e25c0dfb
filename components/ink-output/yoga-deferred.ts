import { loadYoga, type Yoga } from 'yoga-layout/load';

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

/** Loads the layout engine into the object Ink imported. Call (and await) it before Ink renders anything. */
export function loadLayoutEngine(): Promise<void> {
  loading ??= loadYoga().then((yoga) => {
    Object.assign(deferred, yoga);
  });
  return loading;
}

export default deferred;
