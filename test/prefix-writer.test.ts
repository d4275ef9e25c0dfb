import fc from 'fast-check';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PrefixWriter, prefixAscii } from '../src/headless/prefix-writer';
import { BlockSplitter } from '../src/logs/line-splitter';
import type { LineBlock } from '../src/logs/line-block';

const asciiLine = fc.string({ unit: fc.constantFrom(...'abc XYZ 019:/[]'.split('')), maxLength: 30 });

describe('prefixAscii', () => {
  it('gives exactly the bytes of prefix + line + newline for every line', () => {
    fc.assert(
      fc.property(fc.array(asciiLine, { minLength: 1, maxLength: 50 }), fc.string({ maxLength: 12 }).filter((p) => /^[\x20-\x7e]*$/.test(p)), (lines, prefix) => {
        const expected = lines.map((l) => prefix + l + '\n').join('');
        expect(prefixAscii(lines.join('\n'), lines.length, Buffer.from(prefix, 'latin1')).toString('latin1')).toBe(expected);
      }),
    );
  });
});

describe('PrefixWriter', () => {
  function collect(names: string[]): { writer: PrefixWriter; text: () => string } {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    return { writer: new PrefixWriter(out, names, false), text: () => Buffer.concat(chunks).toString('utf8') };
  }

  function blocksOf(input: Buffer): LineBlock[] {
    const blocks: LineBlock[] = [];
    const splitter = new BlockSplitter((b) => blocks.push(b));
    splitter.push(input);
    splitter.end();
    return blocks;
  }

  it('writes the same text for ASCII (byte path) and non-ASCII (string path) blocks', async () => {
    // Given blocks split from raw bytes, one all ASCII and one with accents and an emoji
    const { writer, text } = collect(['web', 'api-server']);
    const ascii = blocksOf(Buffer.from('one\ntwo\n'));
    const utf8 = blocksOf(Buffer.from('héllo\nwörld 😀\n'));
    expect(ascii[0]?.ascii).toBe(true);
    expect(utf8[0]?.ascii).toBeFalsy();
    // When both are written
    for (const b of ascii) writer.block('web', 'stdout', b);
    for (const b of utf8) writer.block('api-server', 'stdout', b);
    await writer.drained();
    // Then every line is prefixed, padded to the widest name, in UTF-8
    expect(text()).toBe('[web]        one\n[web]        two\n[api-server] héllo\n[api-server] wörld 😀\n');
  });
});
