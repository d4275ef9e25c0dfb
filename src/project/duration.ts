/**
 * Durations in brum.yaml: `250ms`, `2s`, `1.5s`, `1m`, `1h`, Go-style compounds such as `1m30s`, or a plain number
 * of milliseconds. A string needs its unit: `"5"` is more likely five seconds than five milliseconds, so it is
 * refused rather than guessed.
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** The pattern a duration string must match, as JSON Schema source (also what the zod schema checks). */
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+$';

const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds, rounded to a whole number, or null when `value` is not a duration. */
export function parseDuration(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  if (!DURATION_RE.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART_RE)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return Math.round(total);
}
