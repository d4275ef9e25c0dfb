// One aligned text table per bench: the first and last columns (names, verdicts) left-aligned, figures right-aligned.
export function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = header.length - 1;
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 || i === last ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** The corpora a bench runs: BENCH_CORPORA=plain,json, or all of `all`. Unknown names are an error, not a silent skip. */
export function chosenCorpora<T extends string>(all: readonly T[]): T[] {
  const wanted = process.env.BENCH_CORPORA?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((w) => !(all as readonly string[]).includes(w));
  if (unknown.length > 0) throw new Error(`BENCH_CORPORA: unknown corpus ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return wanted as T[];
}
