import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants, survivors, waitFor } from './helpers/proc-tree';
import { GEN, startBrum, type BrumProcess } from './helpers/brum';

const started: BrumProcess[] = [];
afterEach(() => {
  for (const b of started.splice(0)) b.child.kill('SIGKILL');
});
function brum(args: string[], env?: NodeJS.ProcessEnv): BrumProcess {
  const b = startBrum(args, env ? { env } : {});
  started.push(b);
  return b;
}

describe('brum run: exit codes', () => {
  it('is 0 when every process succeeds, with each line prefixed and names padded', async () => {
    const b = brum(['run', 'hello', 'ok']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toMatch(/^\[hello\] hello from hello$/m);
    expect(b.stdout()).toMatch(/^\[ok\] {4}fine$/m);
  });

  it('is the exit code of the first process that failed', async () => {
    const b = brum(['run', 'ok', 'fail3']);
    expect(await b.exited()).toBe(3);
    expect(b.stdout()).toContain('[fail3] about to fail');
    expect(b.stdout()).toContain('[brum] fail3 failed: exited with code 3');
  });

  it('--success first with --kill-others: the first to end decides, the others it stopped do not', async () => {
    const b = brum(['run', '--success', 'first', '--kill-others', '--cmd', 'sleep 30', '--cmd', 'true']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toContain('[brum] stopping the others (--kill-others)');
    expect(b.stdout()).toMatch(/\[brum\] sleep stopped \(SIGTERM\)/);
  });

  it('is 128+n when the failing process died of a signal', async () => {
    const b = brum(['run', '--cmd', 'kill -SEGV $$']);
    expect(await b.exited()).toBe(139);
    expect(b.stdout()).toContain('killed by SIGSEGV');
  });

  it('a missing binary becomes a failed process with a reason, not a crash', async () => {
    const b = brum(['run', '--cmd', 'definitely-not-a-command-xyz --flag', '--cmd', 'echo still-runs']);
    expect(await b.exited()).toBe(127);
    expect(b.stdout()).toContain('[brum] definitely-not-a-command-xyz failed: command not found');
    expect(b.stdout()).toMatch(/^\[echo\] +still-runs$/m);
    expect(b.stderr()).not.toMatch(/\n\s+at /);
  });

  it('--kill-others-on-fail stops the rest when one fails', async () => {
    const b = brum(['run', 'quiet', 'fail3', '--kill-others-on-fail']);
    expect(await b.exited()).toBe(3);
    expect(b.stdout()).toContain('stopping the others (--kill-others-on-fail)');
    expect(b.stdout()).toMatch(/\[brum\] quiet (stopped|exited)/);
  });

  it('--kill-others stops the rest when one exits, even cleanly', async () => {
    const b = brum(['run', 'quiet', 'ok', '--kill-others']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toContain('stopping the others (--kill-others)');
  });

  it('wildcards run every matching script', async () => {
    const b = brum(['run', 'dev:*']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toMatch(/^\[dev:web\] web$/m);
    expect(b.stdout()).toMatch(/^\[dev:api\] api$/m);
  });

  it('options typed before `run` count too: the root --cmd joins the subcommand\'s instead of vanishing', async () => {
    const b = brum(['--cmd', 'echo from-root', 'run', '--cmd', 'echo from-sub']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toMatch(/^\[echo\] +from-root$/m);
    expect(b.stdout()).toMatch(/^\[echo-2\] from-sub$/m);
  });

  it('flushes a final line that has no newline, and treats \\r\\n as one break', async () => {
    const b = brum(['run', '--cmd', "printf 'one\\r\\ntwo\\r\\nno newline'"]);
    expect(await b.exited()).toBe(0);
    expect(b.stdout().split('\n').filter((l) => l.startsWith('[printf]'))).toEqual([
      '[printf] one',
      '[printf] two',
      '[printf] no newline',
    ]);
  });
});

describe('brum: bad input', () => {
  it('an unknown name exits 2 with one line, a suggestion and no stack trace', async () => {
    const b = brum(['run', 'helo']);
    expect(await b.exited()).toBe(2);
    const lines = b.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^brum: unknown script "helo"\. Did you mean "hello"\? Available: hello, help-me, ok, /);
    expect(b.stdout()).toBe('');
  });

  it.each([
    [['run', '--bogus'], /^brum: unknown option '--bogus'\. Run brum --help for usage\.$/],
    [['run', 'ok', '--kill-timeout', 'soon'], /^brum: --kill-timeout takes a whole number of milliseconds/],
    [['run', 'ok', '--success', 'most'], /^brum: --success takes all, first, last, not "most"/],
    [['-C', '/definitely/not/here', 'ls'], /^brum: no package\.json in \/definitely\/not\/here/],
    [['run'], /^brum: nothing to run\./],
    [['run', 'ok', '--report', '/definitely/not/here/r.json'], /^brum: cannot write the report to .*folder \/definitely\/not\/here does not exist/],
  ])('%j exits 2 with one line', async (args, message) => {
    const b = brum(args);
    expect(await b.exited()).toBe(2);
    const lines = b.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('brum ls --json lists scripts in order with the package manager', async () => {
    const b = brum(['ls', '--json']);
    expect(await b.exited()).toBe(0);
    const parsed = JSON.parse(b.stdout()) as { packageManager: string; scripts: Array<{ name: string; command: string }> };
    expect(parsed.packageManager).toBe('npm');
    expect(parsed.scripts.map((s) => s.name).slice(0, 4)).toEqual(['hello', 'help-me', 'ok', 'fail3']);
    expect(parsed.scripts[0]?.command).toContain('hello from hello');
  });

  it('brum with no arguments and stdout not a TTY prints the list', async () => {
    const b = brum([]);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toMatch(/^fixture-proj \(npm\): \d+ scripts/);
    expect(b.stdout()).toMatch(/^ {2}stubborn +node stubborn\.mjs$/m);
  });
});

describe('brum run: the reader goes away', () => {
  it('`brum run … | head` stops everything and exits 141, with no stack trace', async () => {
    // Given brum streaming an endless command and a long sleeper
    const b = brum(['run', '--cmd', 'yes', '--cmd', 'sleep 300']);
    await b.waitForOutput('[yes]');
    const tree = descendants(b.pid);
    expect(tree.length).toBeGreaterThanOrEqual(2);

    // When the reader closes its end of the pipe, as head does after its lines
    b.child.stdout?.destroy();

    // Then brum stops both, exits like a program ended by SIGPIPE, and explains nothing with a stack trace
    expect(await b.exited()).toBe(141);
    expect(b.stderr()).not.toMatch(/EPIPE|\n\s+at /);
    await waitFor(() => survivors(tree).length === 0, 'no descendant alive', 3000);
  });
});

describe('brum run: integrity under a slow reader', () => {
  it('2 × 200k lines into a slow pipe arrive 400,000 of 400,000, whole and in order', async () => {
    // Given two generators writing in irregular chunks, and a reader that consumes slowly
    const per = 200_000;
    const b = startBrum(['run', '--cmd', `node ${GEN} a ${per}`, '--cmd', `node ${GEN} b ${per}`], {});
    started.push(b);
    const tree = new Set<number>();
    let text = '';
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        tree.add(0);
        for (const p of descendants(b.pid)) tree.add(p);
        // Every few chunks the reader stalls briefly, so the pipe fills and brum must hold the children back.
        if (++writes % 8 === 0) setTimeout(done, 2);
        else setImmediate(done);
      },
    });
    b.child.stdout?.removeAllListeners('data');
    b.child.stdout?.pipe(slow);

    // When brum finishes
    expect(await b.exited(120_000)).toBe(0);
    await new Promise<void>((r) => (slow.writableFinished ? r() : slow.on('finish', () => r())));

    // Then every line is whole, none lost, none duplicated, each generator's lines in order
    const next = { a: 0, b: 0 };
    let torn = 0;
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('[brum]')) continue;
      const m = /^\[(a|b)\] (a|b):(\d+):([a-z0-9]*)$/.exec(line.replace(/^\[node(-2)?\]\s+/, (_, two) => (two ? '[b] ' : '[a] ')));
      if (!m || m[1] !== m[2]) {
        torn++;
        continue;
      }
      const who = m[2] as 'a' | 'b';
      const i = Number(m[3]);
      const expected = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, (i * 7) % 97);
      if (i !== next[who] || m[4] !== expected) torn++;
      else next[who]++;
    }
    expect(torn).toBe(0);
    expect(next).toEqual({ a: per, b: per });
    tree.delete(0);
    expect(survivors([...tree].filter((p) => p !== b.pid))).toEqual([]);
  });
});
