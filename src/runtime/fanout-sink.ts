import type { OutputSink } from './types';

/** One sink that hands every block to several readers, in the same order for each. */
export function fanout(sinks: readonly OutputSink[]): OutputSink {
  if (sinks.length === 1 && sinks[0]) return sinks[0];
  return {
    block(proc, stream, block) {
      for (const s of sinks) s.block(proc, stream, block);
    },
    streamEnded(proc, stream) {
      for (const s of sinks) s.streamEnded?.(proc, stream);
    },
    wantsUrls: (proc) => sinks.some((s) => s.wantsUrls?.(proc) === true),
  };
}
