import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../src/runtime/keyed-queue';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-queued microtask (and the chains they start) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('KeyedQueue', () => {
  it('runs operations for one key strictly in order, never overlapping, even when earlier ones are slower', async () => {
    // Given three ops on one key whose completion we control by hand
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, i) =>
      queue.run('web', async () => {
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await settle();
    // Then only the first has started
    expect(log).toEqual(['start 0']);
    // When the later ones are released first
    gates[2]?.resolve();
    gates[1]?.resolve();
    await settle();
    // Then they still have not started: the first one holds the key
    expect(log).toEqual(['start 0']);
    // When the first finishes, the rest follow one after another
    gates[0]?.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs different keys concurrently', async () => {
    // Given a slow op on "web" that is still running
    const queue = new KeyedQueue();
    const log: string[] = [];
    const webGate = deferred();
    const web = queue.run('web', async () => {
      log.push('web start');
      await webGate.promise;
      log.push('web end');
    });
    // When an op on "api" is queued
    const api = queue.run('api', () => {
      log.push('api ran');
      return 'api';
    });
    // Then it completes without waiting for "web"
    expect(await api).toBe('api');
    expect(log).toEqual(['web start', 'api ran']);
    expect(queue.busy('web')).toBe(true);
    webGate.resolve();
    await web;
    expect(log).toEqual(['web start', 'api ran', 'web end']);
  });

  it('does not let a rejecting op block the next one, and passes the rejection to its caller', async () => {
    // Given a failing op followed by a good one on the same key
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const failing = queue.run('web', async () => {
      log.push('fail start');
      await gate.promise;
      throw new Error('boom');
    });
    const next = queue.run('web', () => {
      log.push('next ran');
      return 42;
    });
    await settle();
    expect(log).toEqual(['fail start']);
    // When the first one rejects
    gate.resolve();
    // Then its caller sees the error and the next one still runs
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe(42);
    expect(log).toEqual(['fail start', 'next ran']);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const queue = new KeyedQueue();
    const first = queue.run('k', (): number => {
      throw new Error('sync');
    });
    const second = queue.run('k', () => 'ok');
    await expect(first).rejects.toThrow('sync');
    await expect(second).resolves.toBe('ok');
  });

  it('passes return values through, sync and async', async () => {
    const queue = new KeyedQueue();
    const obj = { a: 1 };
    await expect(queue.run('k', () => 7)).resolves.toBe(7);
    await expect(queue.run('k', async () => 'text')).resolves.toBe('text');
    await expect(queue.run('k', () => obj)).resolves.toBe(obj);
    await expect(queue.run('k', () => undefined)).resolves.toBeUndefined();
  });

  it('reports busy while an op is queued or running, and not after idle()', async () => {
    // Given an empty queue
    const queue = new KeyedQueue();
    expect(queue.busy('web')).toBe(false);
    // When an op is held open
    const gate = deferred();
    const run = queue.run('web', () => gate.promise);
    // Then the key is busy, another key is not
    expect(queue.busy('web')).toBe(true);
    expect(queue.busy('api')).toBe(false);
    await settle();
    expect(queue.busy('web')).toBe(true);
    // When it finishes and the queue drains
    gate.resolve();
    await run;
    await queue.idle();
    // Then the key is free again
    expect(queue.busy('web')).toBe(false);
  });

  it('stays busy while a later op for the key is still running after an earlier one finished', async () => {
    // Given two ops on one key, the second held open
    const queue = new KeyedQueue();
    const second = deferred();
    const first = queue.run('web', () => 'first');
    const run2 = queue.run('web', () => second.promise);
    // When the first one has finished
    await first;
    await settle();
    // Then the key is still busy because the second is running
    expect(queue.busy('web')).toBe(true);
    second.resolve();
    await run2;
    await queue.idle();
    expect(queue.busy('web')).toBe(false);
  });

  it('idle() waits for every key, including ops queued while waiting', async () => {
    // Given ops on two keys, held open
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a = deferred();
    const b = deferred();
    void queue.run('a', async () => {
      await a.promise;
      log.push('a');
      // an op queued from inside a running one
      void queue.run('c', () => {
        log.push('c');
      });
    });
    void queue.run('b', async () => {
      await b.promise;
      log.push('b');
    });
    // When idle() is awaited
    let idleDone = false;
    const idle = queue.idle().then(() => {
      idleDone = true;
    });
    await settle();
    expect(idleDone).toBe(false);
    a.resolve();
    await settle();
    expect(idleDone).toBe(false);
    b.resolve();
    await idle;
    // Then it resolved only after all of them, including the late one
    expect(log).toEqual(['a', 'c', 'b']);
    expect(queue.busy('a') || queue.busy('b') || queue.busy('c')).toBe(false);
  });

  it('idle() resolves at once on an empty queue, and also after failures', async () => {
    const queue = new KeyedQueue();
    await queue.idle();
    const failed = queue.run('k', () => Promise.reject(new Error('x')));
    await expect(failed).rejects.toThrow('x');
    await queue.idle();
    expect(queue.busy('k')).toBe(false);
  });

  it('cancelPending skips what is queued for that key, not what runs, nor other keys, nor what comes after', async () => {
    const q = new KeyedQueue();
    const ran: string[] = [];
    let release: (() => void) | null = null;
    const running = q.run('a', () => new Promise<void>((r) => (release = r)).then(() => void ran.push('running')));
    // The first operation has started (an operation queued but not yet started would be cancelled too).
    await expect.poll(() => release !== null).toBe(true);
    const queued = q.run('a', () => void ran.push('queued'));
    const other = q.run('b', () => void ran.push('other'));
    q.cancelPending('a');
    const after = q.run('a', () => void ran.push('after'));
    (release as (() => void) | null)?.();
    await Promise.all([running, queued, other, after]);
    expect(ran.sort()).toEqual(['after', 'other', 'running']);
    expect(await queued).toBeUndefined();
  });
});
