import type { Readable } from 'node:stream';

/**
 * Receives each chunk of a child's output, in order. `transient` means the bytes live in a buffer that the next
 * read overwrites: whoever keeps any of them past the call copies them (BlockSplitter does).
 */
export type ChunkHandler = (bytes: Buffer, transient: boolean) => void;

/** How a stream is read: into one reused buffer, or through 'data' events. */
export type ReadMode = 'reused' | 'data';

/** More than a pipe from a child holds when its reader falls behind (~200 KiB here), so one read empties it. */
export const READ_BUFFER_BYTES = 256 * 1024;

/** The part of a pipe's libuv handle this needs (Node's StreamBase binding). */
interface StreamHandle {
  useUserBuffer(buffer: Uint8Array): void;
}

/**
 * Reads `stream` chunk by chunk. A pipe from a child is read into one buffer reused for every read, which is what
 * `net.Socket`'s `onread` option does for sockets brum opens itself; Node offers no such option for a child's
 * pipes, so it is set up here the way that option sets it up (a read buffer on the handle, and the socket's own
 * `onread` fields, which its pause() and resume() also obey). Why: by default every read allocates a fresh 64 KiB
 * buffer and sends it through the stream machinery. In a flood that allocation (fresh pages each time, faulted in
 * as the kernel copies into them), and the 'data' event around it, cost a runner's main thread more than all of
 * its reading: a Node runner that only keeps the last line used 200 ms of CPU for 80 MB of coloured lines, and
 * 60 ms with one reused buffer (docs/performance.md, entry 9).
 *
 * Anything else, or a Node whose internals differ, takes the 'data' path, which keeps every guarantee. Chunks
 * already read before this was called come first either way: they arrive through 'data', ahead of any new read.
 */
export function readChunks(stream: Readable, onChunk: ChunkHandler): ReadMode {
  stream.on('data', (chunk: Buffer) => onChunk(chunk, false));
  return useReadBuffer(stream, (bytes) => onChunk(bytes, true)) ? 'reused' : 'data';
}

function useReadBuffer(stream: Readable, onRead: (bytes: Buffer) => void): boolean {
  const handle: unknown = Reflect.get(stream, '_handle');
  if (!isStreamHandle(handle)) return false;
  const field = (name: string): symbol | undefined => Object.getOwnPropertySymbols(stream).find((s) => s.description === name);
  const [buffer, callback, generator] = [field('kBuffer'), field('kBufferCb'), field('kBufferGen')];
  // Each must exist and be unset (the socket was made without `onread`), or this Node works otherwise.
  if (buffer === undefined || callback === undefined || generator === undefined) return false;
  if (Reflect.get(stream, buffer) !== null || Reflect.get(stream, callback) !== null || Reflect.get(stream, generator) !== null) return false;
  const memory = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
  // The socket holds the buffer as long as the handle may write into it.
  Reflect.set(stream, buffer, memory);
  Reflect.set(stream, callback, (nread: number, into: Buffer) => {
    onRead(into.subarray(0, nread));
  });
  handle.useUserBuffer(memory);
  return true;
}

function isStreamHandle(handle: unknown): handle is StreamHandle {
  return typeof handle === 'object' && handle !== null && typeof Reflect.get(handle, 'useUserBuffer') === 'function';
}
