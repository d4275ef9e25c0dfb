import { afterEach } from 'vitest';
import type { Brum } from '../../src/runtime/brum';
import { demoBrum } from './ui-fixtures';
import { unmountAll } from './ui-render';

/**
 * Registers, for the calling test file, the clean-up every UI test needs (unmount what was rendered, close the
 * worlds that were made) and returns the factory for those worlds.
 */
export function demoWorlds(): (opts?: Parameters<typeof demoBrum>[0]) => Brum {
  const made: Brum[] = [];
  afterEach(async () => {
    unmountAll();
    for (const b of made.splice(0)) await b.close();
  });
  return (opts) => {
    const b = demoBrum(opts);
    made.push(b);
    return b;
  };
}
