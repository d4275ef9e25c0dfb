// Drives a real terminal: one tmux server per pane, on a private socket, so a test never touches the user's own
// tmux server and closing the pane's session takes the whole server down with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { survivors, waitFor } from './proc-tree';

let opened = 0;

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** A missing tmux is a broken environment, not a reason to pass quietly: say how to fix it. */
export function requireTmux(): void {
  if (!tmuxAvailable()) {
    throw new Error('tmux is not installed: the TUI end-to-end tests need it (apt-get install tmux; .ci/run does this)');
  }
}

export interface PaneOptions {
  /** The program and its arguments (no shell parsing: each is passed as one argument). */
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly width?: number;
  readonly height?: number;
  /** Extra environment variables for the pane (its wrapper shell and the program). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * One program in one tmux pane, run by a small shell that writes the program's exit status to a file when it ends;
 * the pane stays open after that (remain-on-exit) so the last screen can still be read.
 *
 * Why not tmux's own `#{pane_dead_status}`: tmux 3.3a misses the exit of a Node program that quits on a key about
 * half the time (the pane is dead, the program a zombie, the status empty until tmux gets another SIGCHLD). And why
 * not print the status on screen: when tmux does notice, its "Pane is dead" line scrolls the screen up one row,
 * which can take the printed status with it. A shell that waits for its child always sees the status.
 */
export class TmuxPane {
  private program = 0;

  private constructor(
    readonly socket: string,
    readonly session: string,
    private readonly statusFile: string,
    /** The wrapper shell's pid (the pane's process). */
    readonly shellPid: number,
    /** The tmux server's pid, so callers can check that it is gone after `close()`. */
    readonly serverPid: number,
  ) {}

  static open(opts: PaneOptions): TmuxPane {
    const id = `${process.pid}-${++opened}-${Date.now().toString(36)}`;
    // An explicit socket path (-S), not a name under tmux's own folder, so close() can remove the file too.
    const socket = path.join(os.tmpdir(), `brum-tmux-${id}.sock`);
    const session = `brum-${id}`;
    const statusFile = path.join(os.tmpdir(), `brum-tmux-${id}.status`);
    // A runtime folder of its own (see privateRuntimeDir), unless the test shares one on purpose.
    const env = { BRUM_RUNTIME_DIR: mkdtempSync(path.join(os.tmpdir(), 'brum-rt-')), ...opts.env };
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // remain-on-exit is set in the same command queue as new-session, so it is in place before the shell can
    // possibly have exited.
    const out = execFileSync(
      'tmux',
      [
        '-S', socket, '-f', '/dev/null',
        'new-session', '-d', '-s', session,
        '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40),
        '-c', opts.cwd ?? process.cwd(),
        ...envArgs,
        '-P', '-F', '#{pane_pid} #{pid}',
        // $0 is the status file. Written under another name and renamed, so a reader never sees it half-written.
        'sh', '-c', '"$@"; echo $? > "$0.tmp" && mv "$0.tmp" "$0"', statusFile, ...opts.argv,
        ';', 'set-option', '-t', session, 'remain-on-exit', 'on',
      ],
      { encoding: 'utf8' },
    );
    const [shellPid, serverPid] = out.trim().split(/\s+/).map(Number);
    if (!shellPid || !serverPid) throw new Error(`tmux did not report the pane's pid: ${JSON.stringify(out)}`);
    return new TmuxPane(socket, session, statusFile, shellPid, serverPid);
  }

  /**
   * The program's pid: the wrapper shell's only child. Read once it exists (the shell forks it at once) and
   * remembered, so it stays known after the program has exited.
   */
  get pid(): number {
    if (this.program === 0) {
      const children = readFileSync(`/proc/${this.shellPid}/task/${this.shellPid}/children`, 'utf8').trim();
      const first = Number(children.split(/\s+/)[0]);
      if (!first) throw new Error(`the pane's program has not started (or already ended) under shell ${this.shellPid}`);
      this.program = first;
    }
    return this.program;
  }

  /** The program's pid if `pid` has been read, else null: for clean-up checks that must not throw. */
  get knownPid(): number | null {
    return this.program === 0 ? null : this.program;
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen as plain text, one string per row. */
  capture(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.session]);
  }

  /** Everything the pane printed, scrollback included: after the program exits, tmux's "Pane is dead" notice
   * can push the last lines off the visible screen. */
  captureAll(): string {
    return this.tmux(['capture-pane', '-p', '-S', '-', '-t', this.session]);
  }

  /** Keys by tmux name: `j`, `Enter`, `Escape`, `C-c`, `?`… (each argument is one key or a literal string). */
  send(...keys: readonly string[]): void {
    this.tmux(['send-keys', '-t', this.session, ...keys]);
  }

  /**
   * Appends everything the program prints to the terminal from now on to `file` (tmux pipe-pane), or stops doing
   * so when `file` is null: the exact bytes a terminal received, which a process's write counters cannot separate
   * from its other writes.
   */
  pipeOutput(file: string | null): void {
    this.tmux(['pipe-pane', '-t', this.session, ...(file === null ? [] : ['-o', `cat >> '${file.replace(/'/g, `'\\''`)}'`])]);
  }

  /** The program's exit status once it has ended (128 + n for signal n), else null. */
  exitStatus(): number | null {
    try {
      return Number(readFileSync(this.statusFile, 'utf8').trim());
    } catch {
      return null;
    }
  }

  exists(): boolean {
    return spawnSync('tmux', ['-S', this.socket, 'has-session', '-t', this.session], { stdio: 'ignore' }).status === 0;
  }

  /**
   * Kills the session (and with it the program, if still alive, and the server, which has nothing left), then
   * removes the socket file, which tmux leaves behind.
   */
  close(): void {
    if (this.exists()) spawnSync('tmux', ['-S', this.socket, 'kill-session', '-t', this.session], { stdio: 'ignore' });
    rmSync(this.socket, { force: true });
    rmSync(this.statusFile, { force: true });
  }

  /** Closes the pane and waits until its shell, its program and the tmux server are gone. */
  async closeAndWait(): Promise<void> {
    this.close();
    const pids = [this.shellPid, this.serverPid, ...(this.knownPid === null ? [] : [this.knownPid])];
    await waitFor(() => survivors(pids).length === 0, `the pane's processes and the tmux server to be gone`, 5000);
  }
}

/** One row of brum's process list as the screen shows it. */
export interface ListRow {
  readonly selected: boolean;
  /** The status icon: ○ idle, ● running, ✔ exited, ✖ failed… */
  readonly icon: string;
  readonly name: string;
  /** The rest of the row (pid, uptime, restarts, exit), with the columns' spacing. */
  readonly rest: string;
}

/** The process list: the rows between the header (the line with `PID`) and the log pane's `──` rule. */
export function listRows(screen: string): ListRow[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /\bPID\b/.test(l) && /\bUPTIME\b/.test(l));
  if (header < 0) return [];
  const rows: ListRow[] = [];
  for (const line of lines.slice(header + 1)) {
    const m = /^([› ])(\S) (\S+)(.*)$/u.exec(line);
    if (!m) break;
    rows.push({ selected: m[1] === '›', icon: m[2] as string, name: m[3] as string, rest: m[4] as string });
  }
  return rows;
}

export function selectedRow(screen: string): ListRow | undefined {
  return listRows(screen).find((r) => r.selected);
}
