// The instance lease (src/control/lease.ts), with the real bin/brum.js in temp projects that share one
// BRUM_RUNTIME_DIR: a second brum in the same project (headless or the TUI) is refused with one line naming the
// first's pid, exit 2, having started nothing; racing brums leave exactly one running; after kill -9 of the holder
// the next brum starts at once and kills the process groups the dead one recorded (and only those provably its
// own); a socket file deleted by hand is noticed within a keepalive period.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instancePaths, type InstancePaths } from '../src/control/instance-paths';
import { BIN, ROOT, startBrum, type BrumProcess } from './helpers/brum';
import { cmdline, descendants, isAlive, pgrep, survivors, waitFor } from './helpers/proc-tree';
import { requireTmux, TmuxPane } from './helpers/tmux';

const SERVICE = path.join(ROOT, 'test/fixtures/orchestra/service.mjs');
const TEST_TIMEOUT = 60_000;

const brums: BrumProcess[] = [];
const panes: TmuxPane[] = [];
const dirs: string[] = [];
const markers: string[] = [];
/** Every pid a test saw (brums, their children, strangers): none may outlive the test. */
const watched: number[] = [];

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  const left: string[] = [];
  try {
    for (const p of panes.splice(0)) {
      p.close();
      watched.push(p.shellPid, p.serverPid, ...(p.knownPid === null ? [] : [p.knownPid]));
    }
    for (const b of brums.splice(0)) {
      if (b.child.exitCode === null && b.child.signalCode === null) {
        watched.push(...descendants(b.pid));
        b.child.kill('SIGINT');
        await b.exited(15_000).catch(() => b.child.kill('SIGKILL'));
      }
    }
    const pids = watched.splice(0);
    const markerPids = (): number[] => markers.flatMap(pgrep);
    await waitFor(() => survivors(pids).length === 0 && markerPids().length === 0, 'every process of the test to end', 10_000).catch(() => undefined);
    for (const pid of [...new Set([...survivors(pids), ...markerPids()])]) {
      left.push(describeProcess(pid));
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } finally {
    markers.splice(0);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
  expect(left, 'processes left behind by the test').toEqual([]);
});



/** "pid (ppid P, pgid G) command line": enough to tell whose a leftover is. */
function describeProcess(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid} (ppid ${ppid}, pgid ${pgid}) ${cmdline(pid)}`;
  } catch {
    return '(gone)';
  }
}

interface Project {
  readonly dir: string;
  /** The runtime folder every brum of the test shares (so they meet at one lease). */
  readonly runtime: string;
  readonly paths: InstancePaths;
  /** Each process appends "NAME ran by $WHO" here as its very first act: who started what. */
  readonly runs: string;
  readonly marker: string;
  ran(): string[];
}

/**
 * A temp project whose processes each first append "<name> ran by $WHO" to runs.log (WHO: set per brum), then
 * do `body`. Every command line carries a marker so that leftovers can be found with pgrep -f.
 */
function project(processes: Record<string, string>): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-lease-'));
  const runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  dirs.push(dir, runtime);
  const marker = `lease-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  markers.push(marker);
  const runs = path.join(dir, 'runs.log');
  const lines = ['processes:'];
  for (const [name, body] of Object.entries(processes)) {
    const command = `echo "${name} ran by $WHO" >> "${runs}"; ${body} # ${marker}`;
    lines.push(`  ${name}:`, `    command: ${JSON.stringify(command)}`);
  }
  writeFileSync(path.join(dir, 'brum.yaml'), `${lines.join('\n')}\n`);
  return {
    dir,
    runtime,
    paths: instancePaths(dir, { BRUM_RUNTIME_DIR: runtime }),
    runs,
    marker,
    ran: () => (existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').filter((l) => l !== '') : []),
  };
}

/** A long-running process that exits on SIGTERM (the orchestra's service fixture, idle). */
const IDLE = `exec "${process.execPath}" "${SERVICE}" idle - -`;

function brumRun(p: Project, who: string, args: readonly string[] = []): BrumProcess {
  const b = startBrum(['run', ...args], { cwd: p.dir, env: { BRUM_RUNTIME_DIR: p.runtime, WHO: who } });
  brums.push(b);
  return b;
}

/** The TUI in a tmux pane, sharing the project's runtime folder. */
function brumTui(p: Project, who: string): TmuxPane {
  const pane = TmuxPane.open({ argv: [process.execPath, BIN], cwd: p.dir, width: 220, height: 30, env: { BRUM_RUNTIME_DIR: p.runtime, WHO: who } });
  panes.push(pane);
  return pane;
}

/** The remote CLI against the project's instance. */
function cli(p: Project, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: p.dir, env: { ...process.env, NO_COLOR: '1', BRUM_RUNTIME_DIR: p.runtime }, encoding: 'utf8' });
}

function record(p: Project): { pid: number; groups: Array<{ pgid: number; start: string | null }> } {
  return JSON.parse(readFileSync(p.paths.record, 'utf8')) as { pid: number; groups: Array<{ pgid: number; start: string | null }> };
}

/** The refusal, exactly: one line naming the running instance's pid (or "pid unknown") and how to reach it. */
function refusal(p: Project, pid: number | 'unknown'): RegExp {
  const who = pid === 'unknown' ? 'pid unknown' : `pid ${pid}, since \\d\\d:\\d\\d:\\d\\d`;
  const dir = p.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^brum: brum is already running in ${dir} \\(${who}\\)\\. Use brum ps, brum logs or brum restart NAME to work with it, or stop it first\\.\\n$`);
}

describe('a second brum in the same project is refused', () => {
  it('headless after headless: exit 2, one line naming the first\'s pid, nothing started, the first untouched', async () => {
    // Given a headless brum running the project
    const p = project({ api: IDLE, worker: IDLE });
    const first = brumRun(p, 'first');
    await waitFor(() => p.ran().length === 2, 'both processes of the first brum to run');
    const before = cli(p, 'ps', '--json');
    const token = readFileSync(p.paths.token, 'utf8');
    // When a second one starts in the same project
    const second = brumRun(p, 'second');
    // Then it exits 2 with one line naming the first's pid and how to reach it
    expect(await second.exited()).toBe(2);
    expect(second.stderr()).toMatch(refusal(p, first.pid));
    expect(second.stdout()).toBe('');
    // And none of its processes ran, not even for a moment
    expect(p.ran().sort()).toEqual(['api ran by first', 'worker ran by first']);
    // And the first still holds the lease and serves the same processes with the same token
    expect(record(p).pid).toBe(first.pid);
    expect(readFileSync(p.paths.token, 'utf8')).toBe(token);
    const after = cli(p, 'ps', '--json');
    expect(after.status).toBe(0);
    expect((JSON.parse(after.stdout) as { processes: Array<{ pid: number }> }).processes.map((x) => x.pid)).toEqual(
      (JSON.parse(before.stdout) as { processes: Array<{ pid: number }> }).processes.map((x) => x.pid),
    );
    // And the refused one left nothing in the instance folder
    expect(readdirSync(p.paths.dir).sort()).toEqual(['api.sock', 'instance.json', 'token']);
    expect(first.child.exitCode).toBeNull();
  }, TEST_TIMEOUT);

  it('the TUI after headless, and headless after the TUI: the same refusal, nothing started', async () => {
    // Given a headless brum, when the TUI starts in the same project
    const p = project({ api: IDLE });
    const first = brumRun(p, 'first');
    await waitFor(() => p.ran().length === 1, 'the first brum\'s process to run');
    const tui = brumTui(p, 'tui');
    // Then the TUI exits 2 with the one line, before drawing anything, having started nothing
    await waitFor(() => tui.exitStatus() !== null, 'the refused TUI to exit', 15_000);
    expect(tui.exitStatus()).toBe(2);
    const screen = tui
      .captureAll()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('Pane is dead'));
    expect(screen.join('\n')).toMatch(new RegExp(`^brum: brum is already running in .* \\(pid ${first.pid}, since `));
    expect(screen).toHaveLength(1);
    expect(p.ran()).toEqual(['api ran by first']);
    // And when the first is stopped and the TUI holds the project instead, a headless brum is refused in turn
    first.child.kill('SIGINT');
    expect(await first.exited()).toBe(130);
    const tui2 = brumTui(p, 'tui');
    await waitFor(() => p.ran().includes('api ran by tui') && existsSync(p.paths.record) && record(p).pid === tui2.pid, 'the TUI to hold the project and run api', 20_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nruns: ${p.ran().join(' | ')}\nscreen:\n${tui2.captureAll()}`);
      },
    );
    const second = brumRun(p, 'second');
    expect(await second.exited()).toBe(2);
    expect(second.stderr()).toMatch(refusal(p, tui2.pid));
    expect(p.ran()).toEqual(['api ran by first', 'api ran by tui']);
    // And the TUI is still running its api
    expect(tui2.exitStatus()).toBeNull();
    const ps = cli(p, 'ps', '--json');
    expect(ps.status).toBe(0);
    expect(JSON.parse(ps.stdout)).toMatchObject({ processes: [{ name: 'api', status: 'running' }] });
  }, TEST_TIMEOUT);

  it('brums started at the same moment: exactly one runs, the others are refused', async () => {
    const p = project({ api: IDLE });
    // When four start together, three times over
    for (let round = 0; round < 3; round++) {
      const racers = ['a', 'b', 'c', 'd'].map((who) => brumRun(p, `${who}${round}`));
      const winner = await waitFor(() => {
        const ran = p.ran().filter((l) => l.endsWith(String(round)));
        return ran.length > 0 ? ran : null;
      }, 'one of the racers to run api', 20_000);
      const ended = (b: BrumProcess): boolean => b.child.exitCode !== null || b.child.signalCode !== null;
      await waitFor(() => racers.filter(ended).length >= 3, 'three of the racers to be refused', 20_000);
      const refused = racers.filter(ended);
      const running = racers.filter((b) => !ended(b));
      // Then exactly one holds the project and ran its process; the three others exited 2 having started nothing
      expect(running).toHaveLength(1);
      expect(refused.map((b) => b.child.exitCode)).toEqual([2, 2, 2]);
      const holder = running[0] as BrumProcess;
      expect(winner).toEqual([`api ran by ${['a', 'b', 'c', 'd'][racers.indexOf(holder)]}${round}`]);
      expect(record(p).pid).toBe(holder.pid);
      for (const b of refused) {
        // Each names the holder. (A loser that probes in the instant between the winner's link and its record being
        // written waits a moment for the record; only if that is late too does it say "pid unknown".)
        const unknown = b.stderr().includes('(pid unknown)');
        expect(b.stderr()).toMatch(refusal(p, unknown ? 'unknown' : holder.pid));
        if (unknown) console.log(`round ${round}: a refused brum said "pid unknown"`);
      }
      holder.child.kill('SIGINT');
      expect(await holder.exited()).toBe(130);
      // The holder's exit frees the folder for the next round
      expect(existsSync(p.paths.dir) ? readdirSync(p.paths.dir) : []).toEqual([]);
    }
  }, TEST_TIMEOUT);
});

describe('after kill -9 of the holder', () => {
  /** brum's reaper script, a child of brum in its own session; null until brum has started a process. */
  function reaperOf(b: BrumProcess): number | null {
    return descendants(b.pid).find((pid) => cmdline(pid).includes('reaper.sh')) ?? null;
  }

  it('the next brum starts at once and kills the groups the dead one recorded, and only those provably its own', async () => {
    // Given a brum running a process that ignores SIGHUP, SIGINT and SIGTERM, and a plain one
    const p = project({
      stubborn: `trap "" HUP INT TERM; echo $$ > "$WHO.stubborn.pid"; while :; do sleep 0.1; done`,
      plain: IDLE,
    });
    const t0 = Date.now();
    const first = brumRun(p, 'first');
    const stubborn = await waitFor(() => Number(readFileSync(path.join(p.dir, 'first.stubborn.pid'), 'utf8')), 'stubborn to write its pid');
    const firstStartMs = Date.now() - t0;
    const plain = await waitFor(() => (JSON.parse(cli(p, 'ps', '--json').stdout) as { processes: Array<{ name: string; pid: number | null }> }).processes.find((x) => x.name === 'plain')?.pid, 'plain to run');
    watched.push(first.pid, stubborn, plain);
    // And its record lists both groups (the keepalive rewrites it every second), with their leaders' start times
    await waitFor(() => record(p).groups.length === 2, 'the record to list both groups', 5000);
    expect(record(p).groups.map((g) => g.pgid).sort()).toEqual([stubborn, plain].sort());
    expect(record(p).groups.every((g) => typeof g.start === 'string')).toBe(true);
    // And a stranger (a process group brum never started) that the record is doctored to name, with a start time
    // that is not its leader's: what a reused group id would look like
    const strangerRun = spawnSync('sh', ['-c', `setsid sh -c 'sleep 60 # ${p.marker}' > /dev/null 2>&1 & echo $!`], { encoding: 'utf8' });
    const stranger = Number(strangerRun.stdout.trim());
    watched.push(stranger);
    await waitFor(() => isAlive(stranger), 'the stranger to run');
    // When brum dies of kill -9 along with its reaper (the safety net that would otherwise stop its groups: the
    // lease's reaping is for when that did not happen, e.g. the whole tree was killed)
    const reaper = await waitFor(() => reaperOf(first), 'brum\'s reaper');
    process.kill(reaper, 'SIGKILL');
    await waitFor(() => !isAlive(reaper), 'the reaper to die');
    const dead = JSON.parse(readFileSync(p.paths.record, 'utf8')) as { groups: Array<{ pgid: number; start: string | null }> };
    writeFileSync(p.paths.record, JSON.stringify({ ...dead, groups: [...dead.groups, { pgid: stranger, start: '1' }, { pgid: 4_000_000, start: '1' }] }));
    first.child.kill('SIGKILL');
    expect(await first.exited()).toBe(137);
    // Then its groups live on, its socket file is still in place, and the remote CLI says no brum is running
    expect(isAlive(stubborn) && isAlive(plain)).toBe(true);
    expect(lstatSync(p.paths.socket).isSocket()).toBe(true);
    const ps = cli(p, 'ps');
    expect(ps.status).toBe(2);
    expect(ps.stderr).toBe(`brum: no brum is running in ${p.dir}; start one with \`brum\` or \`brum run\`.\n`);
    // When the next brum starts in the project
    const t1 = Date.now();
    const next = brumRun(p, 'next');
    await next.waitForOutput('[brum] killed 2 process group(s) left running by a brum that died here');
    await waitFor(() => p.ran().includes('stubborn ran by next') && p.ran().includes('plain ran by next'), 'the next brum\'s processes to run');
    const takeoverMs = Date.now() - t1;
    // Then it took over at once: no manual clean-up, no waiting for the dead one's lease to age out (about as long
    // as the first start took, with a second to spare for a loaded machine)
    console.log(`lease takeover after kill -9: ${takeoverMs} ms to the next brum's processes running (first start: ${firstStartMs} ms)`);
    expect(takeoverMs).toBeLessThan(Math.max(firstStartMs, 1000) + 1500);
    // And the dead one's groups are gone (SIGKILL: the stubborn one ignored everything else), the stranger is not
    await waitFor(() => !isAlive(stubborn) && !isAlive(plain), 'the dead brum\'s groups to be killed', 5000);
    expect(isAlive(stranger)).toBe(true);
    process.kill(-stranger, 'SIGKILL');
    // And the note is said once, and the new brum holds the project
    expect(next.stdout().match(/\[brum\] killed \d+ process group/g)).toHaveLength(1);
    expect(record(p).pid).toBe(next.pid);
    expect(cli(p, 'ps').status).toBe(0);
  }, TEST_TIMEOUT);

  it('killed -9 the moment its process has started, brum still leaves nothing: the reaper heard of the group at its fork', async () => {
    // Each round kills brum as soon as its one process has written its first line (polled every millisecond),
    // the instant in which the group used to be known to no one yet.
    for (let round = 0; round < 8; round++) {
      const p = project({ api: IDLE });
      const b = brumRun(p, `round${round}`);
      await waitFor(() => p.ran().length === 1, 'api to run', 15_000, 1);
      b.child.kill('SIGKILL');
      await b.exited();
      await waitFor(() => pgrep(p.marker).length === 0, `round ${round}: api's group to end after brum's death`, 5_000);
    }
  }, TEST_TIMEOUT);

  it('without the record of groups (killed before any keepalive), the next brum still takes over at once', async () => {
    // Given a brum whose socket file is left behind by kill -9 (its reaper does its job: the groups end)
    const p = project({ api: IDLE });
    const first = brumRun(p, 'first');
    await waitFor(() => p.ran().length === 1, 'api to run');
    // (Once its reaper exists, api's group is registered with it; the record lists a group as soon as it starts.)
    await waitFor(() => reaperOf(first), 'brum\'s reaper');
    watched.push(...descendants(first.pid));
    first.child.kill('SIGKILL');
    await first.exited();
    expect(existsSync(p.paths.socket)).toBe(true);
    // When another starts: it takes the place without a word about reaping, and serves the CLI
    const next = brumRun(p, 'next');
    await waitFor(() => p.ran().includes('api ran by next'), 'the next brum to run api', 15_000);
    await waitFor(() => cli(p, 'ps').status === 0, 'the next brum to answer');
    expect(record(p).pid).toBe(next.pid);
    expect(next.stderr()).toBe('');
  }, TEST_TIMEOUT);
});

describe('a lease lost while running', () => {
  it('headless: the socket file deleted by hand is noticed within a keepalive period, and said once', async () => {
    // Given a headless brum holding the project
    const p = project({ api: IDLE });
    const first = brumRun(p, 'first');
    await waitFor(() => p.ran().length === 1, 'api to run');
    await waitFor(() => cli(p, 'ps').status === 0, 'the API to answer');
    // When its socket file is deleted
    const t0 = Date.now();
    unlinkSync(p.paths.socket);
    // Then within one keepalive period (1 s) it says the lease was lost, naming the socket
    await first.waitForOutput('[brum] the instance lease was lost (');
    const noticedMs = Date.now() - t0;
    console.log(`lost lease noticed after ${noticedMs} ms`);
    expect(noticedMs).toBeLessThan(1000 + 1000);
    expect(first.stdout()).toContain(`[brum] the instance lease was lost (${p.paths.socket} was removed or replaced): brum ps and brum logs no longer reach this brum`);
    // And the remote CLI no longer finds it; its processes keep running
    const ps = cli(p, 'ps');
    expect(ps.status).toBe(2);
    expect(ps.stderr).toContain('no brum is running in');
    expect(first.child.exitCode).toBeNull();
    // And a new brum may take the project, while the first one (which is told once, not every second) runs on
    const next = brumRun(p, 'next');
    await waitFor(() => p.ran().includes('api ran by next'), 'the next brum to run api', 15_000);
    await waitFor(() => cli(p, 'ps').status === 0, 'the next brum to answer');
    expect(record(p).pid).toBe(next.pid);
    expect(first.stdout().match(/instance lease was lost/g)).toHaveLength(1);
    // And when the first one exits, it leaves the new one's socket, token and record in place
    first.child.kill('SIGINT');
    expect(await first.exited()).toBe(130);
    expect(readdirSync(p.paths.dir).sort()).toEqual(['api.sock', 'instance.json', 'token']);
    expect(cli(p, 'ps').status).toBe(0);
  }, TEST_TIMEOUT);

  it('the TUI: a socket file replaced by another shows the lost lease on screen', async () => {
    // Given the TUI holding the project
    const p = project({ api: IDLE });
    const tui = brumTui(p, 'tui');
    await waitFor(() => p.ran().length === 1 && existsSync(p.paths.record) && record(p).pid === tui.pid, 'the TUI to run api and hold the lease', 20_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nruns: ${p.ran().join(' | ')}\nscreen:\n${tui.captureAll()}`);
      },
    );
    // When its socket file is replaced by another file of the same name
    writeFileSync(`${p.paths.socket}.other`, '');
    const t0 = Date.now();
    spawnSync('mv', ['-f', `${p.paths.socket}.other`, p.paths.socket]);
    // Then within a keepalive period the TUI says so
    await waitFor(() => tui.capture().replace(/\s+/g, ' ').includes('the instance lease was lost'), 'the TUI to show the lost lease', 5000, 50);
    console.log(`TUI: lost lease shown after ${Date.now() - t0} ms`);
    expect(Date.now() - t0).toBeLessThan(3000);
    tui.send('q');
    await waitFor(() => tui.exitStatus() !== null, 'the TUI to quit', 15_000);
  }, TEST_TIMEOUT);
});
