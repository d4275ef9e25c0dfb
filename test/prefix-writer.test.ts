import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PrefixWriter } from '../src/headless/prefix-writer';
import { BlockSplitter } from '../src/logs/line-splitter';
import type { LineBlock } from '../src/logs/line-block';

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

  it('pads the prefix of a process added after the start (a hot reload) like the others', async () => {
    const { writer, text } = collect(['web', 'api-server']);
    for (const b of blocksOf(Buffer.from('up\n'))) writer.block('db', 'stdout', b);
    for (const b of blocksOf(Buffer.from('ok\n'))) writer.block('web', 'stdout', b);
    await writer.drained();
    expect(text()).toBe('[db]         up\n[web]        ok\n');
  });
});
