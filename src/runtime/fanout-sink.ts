import type { OutputSink } from './types';

/** One sink that hands every line to several readers, in the same order for each. */
export function fanout(sinks: readonly OutputSink[]): OutputSink {
  if (sinks.length === 1 && sinks[0]) return sinks[0];
  return {
    line(proc, stream, text, cut) {
      for (const s of sinks) s.line(proc, stream, text, cut);
    },
    flush() {
      for (const s of sinks) s.flush();
    },
    streamEnded(proc, stream) {
      for (const s of sinks) s.streamEnded?.(proc, stream);
    },
  };
}
