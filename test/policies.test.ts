// Each policy on a fake spawner and a fake clock (test/helpers/fake-port.ts): no process is started. The tables
// follow concurrently's docs for --kill-others, --kill-others-on-fail and --success first|last|all, with brum's one
// difference: a process brum stopped itself ended as asked, so it counts as a success (concurrently counts SIGTERM).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeadlessRun } from '../src/headless/headless-run';
import { KillOthers } from '../src/policies/kill-others';
import { exitCodeFor, type SuccessCondition } from '../src/policies/success';
import type { ProcessTransition } from '../src/events/topics';
import type { ProcessDef } from '../src/runtime/types';
import { FakeClock, FakePort } from './helpers/fake-port';

function def(id: string): ProcessDef {
  return { id, name: id, command: id, cwd: process.cwd(), launch: { kind: 'shell', command: id } };
}

function sink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** A headless run of `ids` on the fake port: resolves once every process is down, with the exit code. */
async function headless(ids: string[], opts: { killOthers?: boolean; killOthersOnFail?: boolean; success?: SuccessCondition }, script: (port: FakePort) => Promise<void>) {
  const port = new FakePort();
  const clock = new FakeClock();
  const { out, text } = sink();
  const run = new HeadlessRun({ defs: ids.map(def), out, color: false, port, clock, ...opts });
  const code = run.run();
  await expect.poll(() => port.children.length).toBe(ids.length);
  await script(port);
  return { code: await code, port, text: text() };
}

const ended = (id: string, status: 'exited' | 'failed', exitCode: number | null, signal: string | null = null) => ({
  id,
  name: id,
  command: id,
  cwd: '/',
  status,
  pid: 1,
  startedAt: 0,
  endedAt: 1,
  exitCode,
  signal,
  restarts: 0,
  reason: status === 'failed' ? 'x' : null,
  waitingFor: null,
  readiness: null,
  pendingRestart: null,
  watch: null,
  trigger: null,
  stopped: false,
});

describe('success condition (exitCodeFor), concurrently --success', () => {
  // [case, condition, ends in order, expected exit code]
  const cases: Array<[string, SuccessCondition, ReturnType<typeof ended>[], number]> = [
    ['all: every process exited 0', 'all', [ended('a', 'exited', 0), ended('b', 'exited', 0)], 0],
    ['all: the first failure decides', 'all', [ended('a', 'exited', 0), ended('b', 'failed', 3), ended('c', 'failed', 4)], 3],
    ['all: a signal is 128+n', 'all', [ended('a', 'failed', null, 'SIGSEGV')], 139],
    ['first: the first to end succeeded', 'first', [ended('a', 'exited', 0), ended('b', 'failed', 2)], 0],
    ['first: the first to end failed', 'first', [ended('a', 'failed', 2), ended('b', 'exited', 0)], 2],
    ['last: the last to end succeeded', 'last', [ended('a', 'failed', 2), ended('b', 'exited', 0)], 0],
    ['last: the last to end failed', 'last', [ended('a', 'exited', 0), ended('b', 'failed', 5)], 5],
    ['last: stopped by brum counts as success', 'last', [ended('a', 'exited', 0), ended('b', 'exited', null, 'SIGTERM')], 0],
    ['nothing ended', 'first', [], 0],
  ];
  for (const [name, condition, ends, code] of cases) {
    it(name, () => expect(exitCodeFor(condition, ends)).toBe(code));
  }
});

describe('KillOthers on transitions alone', () => {
  const t = (id: string, to: ProcessTransition['to']): ProcessTransition => ({ id, from: 'running', to, at: 0, reason: null });
  // [case, mode, transitions, fires]
  const cases: Array<[string, 'exit' | 'fail', ProcessTransition[], boolean]> = [
    ['exit: a clean exit fires', 'exit', [t('a', 'exited')], true],
    ['exit: a failure fires', 'exit', [t('a', 'failed')], true],
    ['fail: a clean exit does not fire', 'fail', [t('a', 'exited')], false],
    ['fail: a failure fires', 'fail', [t('a', 'exited'), t('b', 'failed')], true],
    ['exit: starting and stopping do not fire', 'exit', [t('a', 'starting'), t('a', 'stopping')], false],
  ];
  for (const [name, mode, transitions, fires] of cases) {
    it(name, () => {
      let stops = 0;
      const policy = new KillOthers(mode, () => {
        stops++;
        return Promise.resolve();
      });
      for (const tr of transitions) policy.onTransition(tr);
      expect(stops).toBe(fires ? 1 : 0);
    });
  }

  it('fires once however many processes end', () => {
    let stops = 0;
    const policy = new KillOthers('exit', () => Promise.resolve(void stops++));
    policy.onTransition(t('a', 'exited'));
    policy.onTransition(t('b', 'failed'));
    expect(stops).toBe(1);
  });
});

describe('policies in a headless run, on the fake spawner', () => {
  it('--kill-others: one clean exit stops the others; --success all then exits 0', async () => {
    const r = await headless(['a', 'b', 'c'], { killOthers: true }, async (port) => {
      port.last('a').exit(0);
    });
    expect(r.code).toBe(0);
    expect(r.port.last('b').signals).toEqual(['SIGTERM']);
    expect(r.port.last('c').signals).toEqual(['SIGTERM']);
    expect(r.text).toContain('[brum] stopping the others (--kill-others)');
  });

  it('--kill-others-on-fail: a clean exit leaves the others running; a failure stops them and decides the code', async () => {
    const r = await headless(['a', 'b', 'c'], { killOthersOnFail: true }, async (port) => {
      port.last('a').exit(0);
      await expect.poll(() => port.last('a').alive).toBe(false);
      expect(port.last('b').signals).toEqual([]);
      port.last('b').exit(7);
    });
    expect(r.code).toBe(7);
    expect(r.port.last('c').signals).toEqual(['SIGTERM']);
  });

  it('--success first with --kill-others: the first to end decides, the killed ones do not', async () => {
    const r = await headless(['server', 'test'], { killOthers: true, success: 'first' }, async (port) => {
      port.last('test').exit(0);
    });
    expect(r.code).toBe(0);
    expect(r.port.last('server').signals).toEqual(['SIGTERM']);
  });

  it('--success last: the last to end decides', async () => {
    const r = await headless(['a', 'b'], { success: 'last' }, async (port) => {
      port.last('a').exit(0);
      await expect.poll(() => port.last('a').alive).toBe(false);
      port.last('b').exit(4);
    });
    expect(r.code).toBe(4);
  });

  it('a process that ignores SIGTERM is SIGKILLed when the (fake) grace period runs out', async () => {
    const port = new FakePort();
    const clock = new FakeClock();
    const run = new HeadlessRun({ defs: [def('a'), def('stubborn')], out: sink().out, color: false, port, clock, killOthers: true, killTimeoutMs: 5000 });
    const code = run.run();
    await expect.poll(() => port.children.length).toBe(2);
    port.last('stubborn').ignoreTerm = true;
    port.last('a').exit(0);
    await expect.poll(() => port.last('stubborn').signals).toEqual(['SIGTERM']);
    clock.advance(5000);
    await expect.poll(() => port.last('stubborn').signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(await code).toBe(0);
  });
});
