import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { BLOCK_SCREEN, findUrls, normaliseUrl, screenBlock } from '../src/logs/detectors';
import { AsciiBytesBlock, blockOf } from '../src/logs/line-block';
import type { Detection } from '../src/logs/detectors';
import { detectAll, loadFixtures } from './helpers/detector-fixtures';

const fixtures = loadFixtures();
const fixtureArb = fc.constantFrom(...fixtures);

const hostArb = fc.oneof(
  fc.constantFrom('localhost', '127.0.0.1', '0.0.0.0', '[::]', '[::1]', 'LOCALHOST', 'Dev-Box.local', 'example.com'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9](\.[a-z]{2,5})?$/),
);
const urlArb = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: hostArb,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.stringMatching(/^(\/[A-Za-z0-9_.~-]{0,8}){0,3}(\?[a-z]=[0-9])?$/),
  })
  .map(({ scheme, host, port, path }) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`);

/** A fixture's detections with the line numbers taken out, for comparing runs fed differently. */
function shape(detections: readonly Detection[]): unknown[] {
  return detections.map((d) => (d.kind === 'url' ? d.url : { ...d.error, proc: '' }));
}

/** Colours whole words with SGR codes, as colourful tools do (they colour words, not halves of words). */
function colour(line: string, picks: readonly number[]): string {
  const tokens = line.split(/(\s+)/);
  for (const [i, pick] of picks.entries()) {
    const at = pick % tokens.length;
    const token = tokens[at] ?? '';
    if (token.trim() !== '') tokens[at] = `\x1b[${31 + (i % 7)}m\x1b[1m${token}\x1b[22m\x1b[39m`;
  }
  return tokens.join('');
}

// ASCII text made of what the block screen looks for, broken pieces of it, and filler.
const screenText = fc
  .array(
    fc.constantFrom('rror', 'rro', 'ERR', 'ER', 'FAIL', 'Fail', 'Traceback', 'panic', 'Module not', 'Module', ':', '://', ':/', ':12', '12', '7', '\n', '\x1b[31m', ' ', 'lorem ipsum', 'x'),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(''));

describe('detector properties', () => {
  it('a block is screened exactly as its text is, whether it keeps a string or ASCII bytes', () => {
    fc.assert(
      fc.property(screenText, (text) => {
        const asString = blockOf(text.split('\n'));
        const asBytes = new AsciiBytesBlock(Buffer.from(text, 'latin1'), asString.count, asString.ends, text.includes('\x1b'));
        const expected = BLOCK_SCREEN.test(text) ? text : null;
        expect(screenBlock(asString)).toBe(expected);
        expect(screenBlock(asBytes)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('normalising a URL twice changes nothing, and found URLs are found again unchanged', () => {
    fc.assert(
      fc.property(urlArb, fc.constantFrom('', '.', ',', ')', "'", '"'), (url, tail) => {
        const once = normaliseUrl(url);
        expect(normaliseUrl(once)).toBe(once);
        const found = findUrls(`server at ${url}${tail} ready`);
        expect(findUrls(found.join(' '))).toEqual(found);
        for (const u of found) expect(u).not.toMatch(/[.,)'"]$/);
      }),
    );
  });

  it('URLs on wildcard or local hosts are always found, shown as localhost where the host is a wildcard', () => {
    fc.assert(
      fc.property(fc.constantFrom('0.0.0.0', '[::]'), fc.integer({ min: 1, max: 65535 }), (host, port) => {
        expect(findUrls(`listening on http://${host}:${port}/`)).toEqual([`http://localhost:${port}/`]);
      }),
    );
  });

  it('lines of plain lowercase words never produce a detection', () => {
    const word = fc.stringMatching(/^[a-z]{1,10}$/).filter((w) => w !== 'npm');
    const line = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.option(fc.nat(99999), { nil: undefined })), { maxLength: 40 }), (rows) => {
        const lines = rows.map(([text, n]) => (n === undefined ? text : `${text} ${n}`));
        expect(detectAll('p', lines)).toEqual([]);
      }),
    );
  });

  it('colouring a fixture with ANSI codes changes none of its detections', () => {
    fc.assert(
      fc.property(fixtureArb, fc.array(fc.array(fc.nat(120), { maxLength: 4 }), { maxLength: 80 }), (fixture, picksPerLine) => {
        // Colour the plain text: wrapping one of the fixture's own escape sequences would not be realistic.
        const coloured = fixture.lines.map((line, i) =>
          colour(stripAnsi(line), picksPerLine[i % Math.max(1, picksPerLine.length)] ?? []),
        );
        expect(shape(detectAll(fixture.name, coloured))).toEqual(shape(detectAll(fixture.name, fixture.lines)));
      }),
      { numRuns: 60 },
    );
  });

  it('flushing between groups changes nothing; flushing anywhere keeps URLs and contiguous, disjoint groups', () => {
    fc.assert(
      fc.property(fixtureArb, fc.array(fc.nat(200), { maxLength: 12 }), (fixture, points) => {
        const baseline = detectAll(fixture.name, fixture.lines);
        // Lines strictly inside a reported group: a flush after one of them may cut the group short.
        const inside = new Set<number>();
        for (const d of baseline) {
          if (d.kind !== 'error') continue;
          for (let i = d.error.seq - 1; i < d.error.seq - 1 + d.error.lines.length - 1; i++) inside.add(i);
        }
        const all = new Set(points.map((p) => p % fixture.lines.length));
        const between = new Set([...all].filter((p) => !inside.has(p)));
        expect(detectAll(fixture.name, fixture.lines, between)).toEqual(baseline);

        const anywhere = detectAll(fixture.name, fixture.lines, all);
        expect(anywhere.filter((d) => d.kind === 'url')).toEqual(baseline.filter((d) => d.kind === 'url'));
        let nextFree = 1;
        for (const d of anywhere) {
          if (d.kind !== 'error') continue;
          const { seq, lines } = d.error;
          expect(seq).toBeGreaterThanOrEqual(nextFree);
          lines.forEach((line, k) => expect(line).toBe(stripAnsi(fixture.lines[seq - 1 + k] ?? '')));
          nextFree = seq + lines.length;
        }
      }),
      { numRuns: 200 },
    );
  });
});
