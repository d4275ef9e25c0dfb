// The tests must render with the Output brum ships, not Ink's: this fails if the swap in vitest.config.ts (or
// scripts/ink-output-plugin.mjs) stops reaching Ink's renderer.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FastOutput from '../components/ink-output/fast-output';

afterEach(() => vi.restoreAllMocks());

describe('Ink renders through brum’s Output', () => {
  it('in the tests', () => {
    const get = vi.spyOn(FastOutput.prototype, 'get');
    const { lastFrame, unmount } = render(<Text>plain log line</Text>);
    expect(lastFrame()).toBe('plain log line');
    expect(get).toHaveBeenCalled();
    unmount();
  });
});
