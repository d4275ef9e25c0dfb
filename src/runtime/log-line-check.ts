import stripAnsi from 'strip-ansi';
import type { LogStore } from '../logs/log-store';

/** Lines a log probe reads per attempt at most: a flood must not turn one attempt into a long stall. */
const LINES_PER_ATTEMPT = 20_000;

/**
 * A `log` readiness probe's check for one run: whether a line of `id` matching `pattern` (colours removed) has
 * appeared since this check was made. It reads only lines it has not read before, at most LINES_PER_ATTEMPT
 * per attempt (the rest wait for the next attempt), so each attempt is cheap.
 */
export function logLineCheck(logs: LogStore, id: string, pattern: string): () => boolean {
  const re = new RegExp(pattern);
  let cursor = logs.lastSeq;
  return () => {
    const read = logs.after(id, cursor, LINES_PER_ATTEMPT);
    for (const entry of read.entries) {
      cursor = entry.seq;
      if (re.test(stripAnsi(entry.text))) return true;
    }
    return false;
  };
}
