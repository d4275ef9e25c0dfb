import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readChunks } from '../src/runtime/chunk-reader';
import { createBrum } from '../src/runtime/brum';
import { isAlive, waitFor } from './helpers/proc-tree';

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    const pid = child.pid;
    if (pid !== undefined) await waitFor(() => !isAlive(pid), `child ${pid} gone`);
  }
});

function node(script: string, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const child = spawn(process.execPath, ['-e', script], { stdio: [stdin, 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

/** Numbered lines of uneven length, some with colour and non-ASCII, written in uneven pieces. */
const WRITER = `
  let out = '';
  for (let i = 0; i < 40000; i++) out += (i % 7 === 0 ? '\\x1b[32m✓\\x1b[39m ' : '') + 'line ' + i + ' ' + 'x'.repeat(i % 97) + '\\n';
  const bytes = Buffer.from(out);
  let at = 0, k = 0;
  (function next() {
    while (at < bytes.length) {
      const n = 1 + ((k++ * 7919) % 70000);
      const ok = process.stdout.write(bytes.subarray(at, at + n));
      at += n;
      if (!ok) return process.stdout.once('drain', next);
    }
  })();
`;

function expectedOutput(): Buffer {
  let out = '';
  for (let i = 0; i < 40000; i++) out += (i % 7 === 0 ? '\x1b[32m✓\x1b[39m ' : '') + `line ${i} ${'x'.repeat(i % 97)}\n`;
  return Buffer.from(out);
}

type Seen = { bytes: Buffer; transient: boolean; memory: ArrayBufferLike };

/** An empty list for a test's reader to fill, and the stream's end. */
function untilEnd(stream: Readable): { chunks: Seen[]; ended: Promise<void> } {
  const chunks: Seen[] = [];
  const ended = new Promise<void>((resolve) => stream.once('end', () => resolve()));
  return { chunks, ended };
}

describe('readChunks', () => {
  it("reads a child's pipe into one reused buffer, every byte in order", async () => {
    const child = node(WRITER);
    const stdout = child.stdout;
    if (stdout === null) throw new Error('no stdout');
    const { chunks, ended } = untilEnd(stdout);
    const mode = readChunks(stdout, (bytes, transient) => {
      // A transient chunk is only valid during the call: keep a copy.
      chunks.push({ bytes: Buffer.from(bytes), transient, memory: bytes.buffer });
    });
    await ended;
    expect(mode).toBe('reused');
    expect(Buffer.concat(chunks.map((c) => c.bytes)).equals(expectedOutput())).toBe(true);
    const transient = chunks.filter((c) => c.transient);
    expect(transient.length).toBeGreaterThan(1);
    // One buffer for every read: each transient chunk is a view of the same memory.
    expect(new Set(transient.map((c) => c.memory)).size).toBe(1);
  });

  it('delivers what Node read before the switch first, then the rest', async () => {
    const child = node(`process.stdout.write('first\\n'); process.stdin.once('data', () => process.stdout.write('second\\n', () => process.exit(0)));`, 'pipe');
    const stdout = child.stdout;
    if (stdout === null || child.stdin === null) throw new Error('no pipes');
    // A child's pipe is read from its creation: wait until Node holds the first line in the stream's buffer.
    await waitFor(() => stdout.readableLength > 0, 'the first line buffered by Node');
    const { chunks, ended } = untilEnd(stdout);
    readChunks(stdout, (bytes, transient) => chunks.push({ bytes: Buffer.from(bytes), transient, memory: bytes.buffer }));
    child.stdin.write('go\n');
    await ended;
    expect(chunks.map((c) => [c.bytes.toString(), c.transient])).toEqual([
      ['first\n', false],
      ['second\n', true],
    ]);
  });

  it("the stream's pause() stops reads into the reused buffer, and after resume() every byte arrives in order", async () => {
    // 8 MiB in 64 KiB writes; after each write is flushed to the pipe, the child says how much on stderr.
    const child = spawn(
      process.execPath,
      ['-e', `const piece = Buffer.alloc(65536); let sent = 0; (function next() { if (sent === 128) return; piece.fill(97 + (sent % 26)); process.stdout.write(piece, () => { sent++; process.stderr.write('flushed ' + sent * 65536 + '\\n'); next(); }); })();`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    const { stdout, stderr } = child;
    if (stdout === null || stderr === null) throw new Error('no pipes');
    let flushed = 0;
    stderr.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/flushed (\d+)/g)) flushed = Number(m[1]);
    });
    const { chunks, ended } = untilEnd(stdout);
    let pausedAt = -1;
    const mode = readChunks(stdout, (bytes, transient) => {
      chunks.push({ bytes: Buffer.from(bytes), transient, memory: bytes.buffer });
      // Paused from inside a read into the reused buffer, as backpressure would pause it mid-flood.
      if (transient && pausedAt === -1) {
        pausedAt = chunks.length;
        stdout.pause();
      }
    });
    expect(mode).toBe('reused');
    await waitFor(() => pausedAt !== -1, 'a read into the reused buffer');
    const received = chunks.reduce((n, c) => n + c.bytes.length, 0);
    // Once the child has flushed more than was read, bytes wait in the pipe: a reader that kept reading would take
    // them within a few turns of the loop.
    await waitFor(() => flushed > received, 'unread bytes in the pipe');
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(chunks.length).toBe(pausedAt);
    expect(flushed).toBeLessThan(128 * 65536);
    stdout.resume();
    await ended;
    const all = Buffer.concat(chunks.map((c) => c.bytes));
    expect(all.length).toBe(128 * 65536);
    let wrong = 0;
    for (let k = 0; k < 128; k++) if (all[k * 65536] !== 97 + (k % 26) || all[k * 65536 + 65535] !== 97 + (k % 26)) wrong++;
    expect(wrong).toBe(0);
  });

  it("any other stream is read through 'data', its chunks not transient", async () => {
    const stream = new PassThrough();
    const seen: Array<[string, boolean]> = [];
    const mode = readChunks(stream, (bytes, transient) => seen.push([bytes.toString(), transient]));
    stream.end('a\nb\n');
    await new Promise((resolve) => stream.once('end', resolve));
    expect(mode).toBe('data');
    expect(seen).toEqual([['a\nb\n', false]]);
  });

  it('the log store keeps every line intact while later reads reuse the buffer', async () => {
    const brum = createBrum({
      defs: [{ id: 'w', name: 'w', command: 'writer', cwd: process.cwd(), launch: { kind: 'file', file: process.execPath, args: ['-e', WRITER] } }],
      color: true,
    });
    try {
      await brum.supervisor.start('w');
      await brum.supervisor.settled();
      const lines = brum.logs.tail('w', 40000).map((l) => l.text);
      const want = expectedOutput().toString().slice(0, -1).split('\n');
      expect(lines.length).toBe(want.length);
      let wrong = 0;
      for (let i = 0; i < want.length; i++) if (lines[i] !== want[i]) wrong++;
      expect(wrong).toBe(0);
    } finally {
      await brum.close();
    }
  });
});
