// The real bin/brum.js in a real terminal (tmux), driven by keys as a user would: what the screen shows, what the
// keys do, and that quitting leaves no process behind.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/headless/report';
import { BIN, FIXTURE } from './helpers/brum';
import { cmdline, descendants, isAlive, survivors, waitFor } from './helpers/proc-tree';
import { listRows, requireTmux, selectedRow, TmuxPane, type ListRow } from './helpers/tmux';

const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(path.join(FIXTURE, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);

let pane: TmuxPane | null = null;

function openBrum(args: readonly string[]): TmuxPane {
  pane = TmuxPane.open({ argv: [process.execPath, BIN, '-C', FIXTURE, ...args], cwd: FIXTURE, width: 120, height: 40 });
  return pane;
}

function row(p: TmuxPane, name: string): ListRow | undefined {
  return listRows(p.capture()).find((r) => r.name === name);
}

/** Moves the selection one row at a time with j/k, waiting for the marker after each key, until `name` is selected. */
async function select(p: TmuxPane, name: string): Promise<void> {
  const target = SCRIPTS.indexOf(name);
  for (let guard = 0; guard < SCRIPTS.length; guard++) {
    const at = listRows(p.capture()).findIndex((r) => r.selected);
    if (at === target) return;
    const before = at;
    p.send(at < target ? 'j' : 'k');
    await waitFor(() => listRows(p.capture()).findIndex((r) => r.selected) !== before, `the selection to move off row ${before}`, 5000);
  }
  throw new Error(`could not select ${name}:\n${p.capture()}`);
}

/** Waits for `quiet ready <pid>` (a pid not in `except`) in the log pane and returns that pid. */
async function quietReady(p: TmuxPane, except: readonly number[] = []): Promise<number> {
  return waitFor(
    () => {
      const pids = [...p.capture().matchAll(/^quiet ready (\d+)\s*$/gm)].map((m) => Number(m[1]));
      return pids.find((pid) => !except.includes(pid));
    },
    `"quiet ready <pid>" in the log pane`,
    15_000,
  );
}

/**
 * Asserts nothing brum started outlives it: its scripts' processes are gone the moment brum has exited, and its
 * reaper (which by design exits just after brum, once its pipe from brum closes) is gone moments later.
 */
async function assertNothingLeft(tree: Tree): Promise<void> {
  expect(survivors(tree.pids.filter((pid) => !tree.reaper.includes(pid)))).toEqual([]);
  await waitFor(() => survivors(tree.pids).length === 0, `brum's reaper ${tree.reaper.join(', ')} to exit`, 3000);
}

interface Tree {
  readonly pids: readonly number[];
  readonly reaper: readonly number[];
}

/** Every process below brum now, with its reaper picked out while its command line can still be read. */
function recordTree(brumPid: number): Tree {
  const pids = descendants(brumPid);
  return { pids, reaper: pids.filter((pid) => cmdline(pid).includes('reaper.sh')) };
}


/** Waits for brum to end and returns its exit status (as the pane's wrapper shell reports it). */
async function exitStatus(p: TmuxPane): Promise<number> {
  let screen = '';
  const r = await waitFor(() => {
    screen = p.capture();
    const code = p.exitStatus();
    return code === null ? null : { code };
  }, 'brum to exit', 20_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\nbrum ${p.pid} alive: ${isAlive(p.pid)}; its processes: ${descendants(p.pid).join(' ')}\n${screen}`);
  });
  return r.code;
}

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  const p = pane;
  pane = null;
  if (!p) return;
  p.close();
  expect(p.exists()).toBe(false);
  // The pane's shell, its program and the private tmux server all go with the session.
  const pids = [p.shellPid, p.serverPid, ...(p.knownPid === null ? [] : [p.knownPid])];
  await waitFor(() => survivors(pids).length === 0, `the pane's processes and the tmux server to be gone`, 5000);
});

describe('brum TUI in a real terminal (tmux)', () => {
  it('lists the scripts, starts one with Enter, shows its output and help, and quits with q leaving nothing', async () => {
    // Given brum opened on the fixture project with nothing started
    const p = openBrum([]);
    const rows = await waitFor(() => {
      const r = listRows(p.capture());
      return r.length === SCRIPTS.length ? r : null;
    }, 'the process list');
    expect(rows.map((r) => r.name)).toEqual(SCRIPTS);
    expect(rows.every((r) => r.icon === '○')).toBe(true);
    expect(rows[0]?.selected).toBe(true);

    // When the user selects `quiet` with j and presses Enter
    await select(p, 'quiet');
    p.send('Enter');

    // Then its output is in the log pane and its row says running, with a pid
    const quietPid = await quietReady(p);
    const running = await waitFor(() => {
      const r = row(p, 'quiet');
      return r?.icon === '●' && /^\s+\d+\s/.test(r.rest) ? r : null;
    }, 'quiet running with a pid');
    expect(running.selected).toBe(true);
    const tree = recordTree(p.pid);
    expect(tree.pids).toContain(quietPid);
    expect(isAlive(quietPid)).toBe(true);

    // When the user presses ?, the help lists the keymap; Esc closes it
    p.send('?');
    const help = await waitFor(() => {
      const s = p.capture();
      return /\bq Ctrl-C\s+quit\b/.test(s) ? s : null;
    }, 'the help overlay');
    expect(help).toMatch(/^\s*r\s+restart the selected process/m);
    expect(help).toMatch(/^\s*\/\s+search the log/m);
    expect(help).toMatch(/^\s*x\s+stop the selected process/m);
    expect(listRows(help)).toEqual([]);
    p.send('Escape');
    await waitFor(() => listRows(p.capture()).length === SCRIPTS.length, 'the list back after Esc');
    expect(p.capture()).not.toMatch(/\bq Ctrl-C\s+quit\b/);

    // When the user presses q, Then brum exits 0 and nothing it started survives
    p.send('q');
    expect(await exitStatus(p)).toBe(0);
    await assertNothingLeft(tree);
  });

  it('starts the named scripts at launch; x stops, r restarts (↻1), Ctrl-C quits leaving nothing', async () => {
    // Given brum launched with two names
    const p = openBrum(['quiet', 'hello']);
    await waitFor(() => row(p, 'hello')?.icon === '✔' && /exit 0/.test(row(p, 'hello')?.rest ?? ''), 'hello to run and exit 0');
    await waitFor(() => row(p, 'quiet')?.icon === '●', 'quiet running');
    expect(listRows(p.capture()).filter((r) => r.icon === '○').map((r) => r.name)).toEqual(
      SCRIPTS.filter((s) => s !== 'quiet' && s !== 'hello'),
    );
    await select(p, 'quiet');
    const first = await quietReady(p);
    // The row's pid is the package manager's; the script's own process is below it.
    const leader = Number(row(p, 'quiet')?.rest.trim().split(/\s+/)[0]);
    const group = [leader, ...descendants(leader)];
    expect(group).toContain(first);

    // When x is pressed on quiet, Then it stops: its row leaves running and its process is gone
    p.send('x');
    const stopped = await waitFor(() => {
      const r = row(p, 'quiet');
      return r && r.icon !== '●' && /SIGTERM|exit/.test(r.rest) ? r : null;
    }, 'quiet to be stopped');
    // A stop the user asked for is neither success nor failure.
    expect(stopped.icon).toBe('■');
    await waitFor(() => survivors(group).length === 0, `quiet's processes ${group.join(', ')} to be gone`, 5000);

    // When r is pressed, Then it runs again as a new process and shows one restart
    p.send('r');
    const second = await quietReady(p, [first]);
    const restarted = await waitFor(() => {
      const r = row(p, 'quiet');
      return r?.icon === '●' && /↻1\b/u.test(r.rest) ? r : null;
    }, 'quiet running with ↻1');
    expect(restarted.selected).toBe(true);
    expect(selectedRow(p.capture())?.name).toBe('quiet');
    const tree = recordTree(p.pid);
    expect(tree.pids).toContain(second);

    // When Ctrl-C is pressed, Then brum exits 0 and nothing it started survives
    p.send('C-c');
    expect(await exitStatus(p)).toBe(0);
    await assertNothingLeft(tree);
  });

  it('--report writes the JSON report when the TUI quits; --kill-others is refused in one line', async () => {
    // Given brum in a terminal with a script that prints two real errors, and a report file
    const dir = mkdtempSync(path.join(tmpdir(), 'brum-tui-report-'));
    const file = path.join(dir, 'r.json');
    try {
      const p = openBrum(['errs', '--report', file]);
      await waitFor(() => row(p, 'errs')?.icon === '✔', 'errs to run and exit 0');
      const tree = recordTree(p.pid);
      // When the user quits
      p.send('q');
      expect(await exitStatus(p)).toBe(0);
      await assertNothingLeft(tree);
      // Then the report has both errors with their locations
      const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
      const errors = report.processes.find((x) => x.name === 'errs')?.errors ?? [];
      expect(errors.map((e) => [e.kind, e.location])).toEqual([
        ['ts', { file: 'src/routes/users.ts', line: 14, col: 7 }],
        ['js', { file: '/app/src/sync.js', line: 26, col: 38 }],
      ]);
      p.close();
      pane = null;

      // And --kill-others, which only means something headless, is a one-line error with exit 2
      const q = openBrum(['ok', '--kill-others']);
      expect(await exitStatus(q)).toBe(2);
      expect(q.captureAll()).toMatch(/^brum: --kill-others is for headless runs.*use brum run ok --kill-others$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows the project while it runs: a saved file restarts the process that watches it, an edited brum.yaml adds a process', async () => {
    // Given a project whose api watches src (the TUI starts its watches after the first spawn)
    const dir = mkdtempSync(path.join(tmpdir(), 'brum-tui-live-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src/a.ts'), '1');
      writeFileSync(path.join(dir, 'server.mjs'), "console.log('api up', process.pid);\nsetInterval(() => {}, 1e6);\n");
      const yaml = ['processes:', '  api:', '    command: node server.mjs', '    watch: { paths: [src], debounce: 50ms }', ''].join('\n');
      writeFileSync(path.join(dir, 'brum.yaml'), yaml);
      pane = TmuxPane.open({ argv: [process.execPath, BIN, '-C', dir, 'api'], cwd: dir, width: 120, height: 40 });
      const p = pane;
      const upPids = (): number[] => [...p.capture().matchAll(/^api up (\d+)\s*$/gm)].map((m) => Number(m[1]));
      const first = await waitFor(() => upPids()[0], '"api up <pid>" in the log pane', 15_000);

      // When a watched file is saved (again until the watch, which is not ready at once, sees a save)
      const second = await waitFor(
        () => {
          appendFileSync(path.join(dir, 'src/a.ts'), 'x');
          return upPids().find((pid) => pid !== first);
        },
        'api restarted by the save',
        15_000,
        250,
      );
      // Then api runs again as a new process and the old one is gone
      expect(second).not.toBe(first);
      await waitFor(() => survivors([first]).length === 0, `the first api (${first}) to be gone`, 5000);

      // When brum.yaml gains a process, Then the list shows it without a restart of brum
      writeFileSync(path.join(dir, 'brum.yaml'), yaml + ['  worker:', '    command: node server.mjs', '    autostart: false', ''].join('\n'));
      await waitFor(() => row(p, 'worker'), 'worker in the list after the edit', 15_000);
      expect(row(p, 'api')?.icon).toBe('●');

      const tree = recordTree(p.pid);
      p.send('q');
      expect(await exitStatus(p)).toBe(0);
      await assertNothingLeft(tree);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws live even when CI=true is set, and the children still see CI=true', async () => {
    // Given a terminal whose environment says CI (Ink would otherwise draw nothing until exit)
    pane = TmuxPane.open({
      argv: [process.execPath, BIN, '-C', FIXTURE, 'show-ci'],
      cwd: FIXTURE,
      width: 120,
      height: 40,
      env: { CI: 'true' },
    });
    const p = pane;
    // Then the list and the child's own view of its environment are on screen while brum runs
    await waitFor(() => row(p, 'show-ci')?.icon === '●', 'show-ci running in the live list');
    await waitFor(() => /child sees CI=true/.test(p.capture()), 'the child to see CI=true');
    const tree = recordTree(p.pid);
    p.send('q');
    expect(await exitStatus(p)).toBe(0);
    await assertNothingLeft(tree);
  });
});
