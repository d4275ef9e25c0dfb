import { EventEmitter } from 'node:events';

/** A terminal's output side: records everything written, with a size and isTTY like a real one. */
export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  columns = 100;
  rows = 24;
  private readonly chunks: string[] = [];

  write(data: string | Uint8Array, callback?: unknown): boolean {
    this.chunks.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    if (typeof callback === 'function') (callback as () => void)();
    return true;
  }

  output(): string {
    return this.chunks.join('');
  }

  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}

/** A terminal's input side in raw mode: `type` delivers keys the way Ink reads them. */
export class FakeStdin extends EventEmitter {
  rawMode = false;
  private readonly queue: string[] = [];

  constructor(readonly isTTY = true) {
    super();
  }

  type(keys: string): void {
    this.queue.push(keys);
    this.emit('readable');
  }

  read(): string | null {
    return this.queue.shift() ?? null;
  }

  setRawMode(on: boolean): this {
    this.rawMode = on;
    return this;
  }

  setEncoding(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  pause(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  asStream(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}
