import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import Yoga from 'yoga-layout';
import { describe, expect, it } from 'vitest';
import deferred, { loadLayoutEngine } from '../components/ink-output/yoga-deferred';
import { WASM_TIERING_BUDGET } from '../src/cli/wasm-tiering';

// V8 would serve the second compile of the same source from its in-memory cache, never reading the cached data.
setFlagsFromString('--no-compilation-cache');

// What Ink gets in brum's TUI bundle instead of yoga-layout (see scripts/tui-commonjs-plugin.mjs).
describe('the deferred layout engine', () => {
  it('is empty until loaded, then lays out like yoga-layout, with the same constants', async () => {
    // Loading raises a V8 flag for a moment; a code cache made under the launcher's flags must still fit after.
    setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
    const source = `(function cacheProbe(n) { return n * ${Date.now()}; })(2);`;
    const made = new vm.Script(source);
    made.runInThisContext();
    const cache = made.createCachedData();

    expect(deferred.Node).toBeUndefined();
    const loading = loadLayoutEngine();
    expect(loadLayoutEngine()).toBe(loading);
    await loading;
    expect(new vm.Script(source, { cachedData: cache }).cachedDataRejected).toBe(false);

    const root = deferred.Node.create();
    root.setFlexDirection(deferred.FLEX_DIRECTION_ROW);
    root.setWidth(40);
    const child = deferred.Node.create();
    child.setFlexGrow(1);
    child.setMargin(deferred.EDGE_LEFT, 3);
    root.insertChild(child, 0);
    root.calculateLayout(undefined, undefined, deferred.DIRECTION_LTR);
    expect([child.getComputedLeft(), child.getComputedWidth()]).toEqual([3, 37]);
    root.freeRecursive();

    for (const key of Object.keys(Yoga)) expect(typeof deferred[key as keyof typeof deferred], key).toBe(typeof Yoga[key as keyof typeof Yoga]);
    expect(deferred.EDGE_LEFT).toBe(Yoga.EDGE_LEFT);
    expect(deferred.DIRECTION_LTR).toBe(Yoga.DIRECTION_LTR);
  });
});
