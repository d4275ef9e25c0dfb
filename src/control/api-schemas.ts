import { array, enum as zEnum, minLength, object, optional, pipe, string, transform, union, type infer as Infer } from 'zod/mini';

/** Lines a log read returns when the caller names no limit, and the most it ever returns. */
export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 10_000;
export const DEFAULT_SEARCH_LIMIT = 100;
export const MAX_SEARCH_LIMIT = 1000;
export const DEFAULT_WAIT_MS = 60_000;

/** A query parameter as a whole number in [min, max]; `fallback` when it is absent (undefined: stays absent). */
const int = <F extends number | undefined>(min: number, max: number, fallback: F) =>
  pipe(
    optional(string()),
    transform((text, ctx): number | F => {
      if (text === undefined) return fallback;
      const n = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.issues.push({ code: 'custom', message: `expected a whole number from ${min} to ${max}, not "${text}"`, input: text });
        return fallback;
      }
      return n;
    }),
  );

const flag = pipe(
  optional(zEnum(['1', '0', 'true', 'false'])),
  transform((v) => v === '1' || v === 'true'),
);

/** Names may repeat (`?name=a&name=b`): one or many become a list. */
const names = pipe(
  optional(union([string(), array(string())])),
  transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
);

export const LogsQuery = object({
  name: names,
  after: int(0, Number.MAX_SAFE_INTEGER, undefined),
  limit: int(1, MAX_LOG_LIMIT, DEFAULT_LOG_LIMIT),
  raw: flag,
});
export type LogsQuery = Infer<typeof LogsQuery>;

export const SearchQuery = object({
  pattern: string().check(minLength(1, 'pattern must not be empty')),
  name: names,
  regex: flag,
  limit: int(1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT),
});
export type SearchQuery = Infer<typeof SearchQuery>;

export const ActionQuery = object({
  wait: pipe(
    optional(zEnum(['1', '0', 'true', 'false'])),
    transform((v) => v === undefined || v === '1' || v === 'true'),
  ),
  timeout: int(0, 10 * 60_000, DEFAULT_WAIT_MS),
});
export type ActionQuery = Infer<typeof ActionQuery>;

export const ACTIONS = ['start', 'stop', 'restart'] as const;
export type Action = (typeof ACTIONS)[number];
