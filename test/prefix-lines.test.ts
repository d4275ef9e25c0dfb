// The wasm prefixer (src/headless/prefix-lines.wat) against the writer's per-line reference: the same bytes for
// any lines, any prefix, colour reset on or off, and the writer gives the same output with and without it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinePrefixer, linePrefixer } from '../src/headless/prefix-lines';
import { PrefixWriter } from '../src/headless/prefix-writer';
import type { LineBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { ROOT } from './helpers/brum';

/** What the writer's per-line path writes for these lines. */
function reference(lines: readonly string[], prefix: string, reset: boolean): Buffer {
  return Buffer.from(lines.map((l) => prefix + l + (reset && l.includes('\x1b') ? '\x1b[0m' : '') + '\n').join(''));
}

function prefixerOrFail(): LinePrefixer {
  const p = linePrefixer();
  // This Node has wasm SIMD; without this the tests below would only ever test the fallback.
  if (p === null) throw new Error('no wasm prefixer on this Node');
  return p;
}

// Lines rich in what the loop cares about: escapes, multi-byte characters, and lengths around the 16-byte steps.
const piece = fc.constantFrom('a', 'xyz', '\x1b', '\x1b[31m', 'é', '😀', '⨯', ' ', '0123456789abcdef', 'ABCDEFGHIJKLMNOPQ', '\t', '');
const lineArb = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
const prefixArb = fc.oneof(fc.constantFrom('', '[a] ', '[web]        ', '\x1b[36m[api]\x1b[39m ', '[wörld] '), fc.string({ maxLength: 40 }));

describe('LinePrefixer (wasm SIMD)', () => {
  it('is available on this Node, so the writer really uses it', () => {
    expect(linePrefixer()).toBeInstanceOf(LinePrefixer);
  });

  it('writes prefix + line (+ reset) + newline for every line, from bytes or from a string', () => {
    const prefixer = prefixerOrFail();
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), prefixArb, fc.boolean(), (lines, prefix, reset) => {
        const want = reference(lines, prefix, reset);
        const text = lines.join('\n');
        const pre = Buffer.from(prefix);
        expect(prefixer.prefix(text, lines.length, pre, reset)).toEqual(want);
        expect(prefixer.prefix(Buffer.from(text), lines.length, pre, reset)).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles an escape or a break in each of the 16 lanes and in the tail, and blocks bigger than its memory', () => {
    const prefixer = prefixerOrFail();
    for (const needle of ['\x1b', '\n', '\x1b\n', '\n\x1b']) {
      for (let len = 1; len <= 50; len++) {
        for (let at = 0; at + needle.length <= len; at++) {
          const text = 'x'.repeat(at) + needle + 'y'.repeat(len - at - needle.length);
          const lines = text.split('\n');
          expect(prefixer.prefix(text, lines.length, Buffer.from('[p] '), true).toString(), JSON.stringify(text)).toBe(reference(lines, '[p] ', true).toString());
        }
      }
    }
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i} \x1b[2m${'z'.repeat(i % 300)}\x1b[22m`);
    // Compared as strings: a deep comparison of megabytes of Buffer goes byte by byte through the matcher.
    expect(prefixer.prefix(big.join('\n'), big.length, Buffer.from('[big] '), true).toString() === reference(big, '[big] ', true).toString()).toBe(true);
  });

  it('is assembled from the committed .wat (scripts/build-wasm.mjs --check)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-wasm.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stdout).toContain('prefix-lines-module.ts is current');
    expect(r.status).toBe(0);
  });
});

describe('PrefixWriter with and without the prefixer', () => {
  async function written(chunks: readonly Buffer[], color: boolean, prefixer: LinePrefixer | null): Promise<string> {
    const out: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(Buffer.from(chunk));
        done();
      },
    });
    const writer = new PrefixWriter(sink, ['web', 'api-server'], color, prefixer);
    // A small line cap, so cut lines (which take the per-line path) come up too.
    const splitters = ['web', 'api-server'].map((name) => new BlockSplitter((b: LineBlock) => writer.block(name, 'stdout', b), 24, 1));
    chunks.forEach((c, i) => splitters[i % 2]?.push(c));
    for (const s of splitters) s.end();
    await writer.drained();
    return Buffer.concat(out).toString('utf8');
  }

  it('writes the same bytes for any chunks of any output, in colour or not', async () => {
    const chunkArb = fc.array(fc.oneof(piece, fc.constant('\n'), fc.constant('\r\n'), fc.constant('\r')), { maxLength: 30 }).map((p) => Buffer.from(p.join('')));
    await fc.assert(
      fc.asyncProperty(fc.array(chunkArb, { maxLength: 12 }), fc.boolean(), async (chunks, color) => {
        expect(await written(chunks, color, prefixerOrFail())).toBe(await written(chunks, color, null));
      }),
      { numRuns: 500 },
    );
  });
});
