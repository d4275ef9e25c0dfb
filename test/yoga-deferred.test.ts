import Yoga from 'yoga-layout';
import { describe, expect, it } from 'vitest';
import deferred, { loadLayoutEngine } from '../components/ink-output/yoga-deferred';

// What Ink gets in brum's TUI bundle instead of yoga-layout (see scripts/tui-commonjs-plugin.mjs).
describe('the deferred layout engine', () => {
  it('is empty until loaded, then lays out like yoga-layout, with the same constants', async () => {
    expect(deferred.Node).toBeUndefined();
    const loading = loadLayoutEngine();
    expect(loadLayoutEngine()).toBe(loading);
    await loading;

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
