import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface RunResult {
  wallMs: number;
  exitCode: number | null;
  peakRssMb: number;
  stdoutBytes: number;
  /** runToFile only: the end of the runner's stderr, so a run that crashed says why instead of only losing lines. */
  stderrTail?: string;
}

/** A memory field of /proc/<pid>/status in kB (VmHWM = peak RSS, VmRSS = current); 0 once the pid is gone. */
function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export const peakRssKb = (pid: number): number => statusKb(pid, 'VmHWM');
export const rssKb = (pid: number): number => statusKb(pid, 'VmRSS');

/**
 * Runs a command with stdout piped to `onData` (the consumer), polling the runner's peak RSS until it exits.
 * `slow` makes the consumer stall periodically, like a terminal or a log shipper that cannot keep up.
 */
export function runMeasured(
  file: string,
  args: string[],
  onData: (chunk: string) => void,
  opts: { slow?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...opts.env }, cwd: opts.cwd });
    let peak = 0;
    let bytes = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, peakRssKb(child.pid as number));
    }, 20);
    let chunks = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      bytes += d.length;
      onData(d);
      if (opts.slow && ++chunks % 4 === 0) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 5);
      }
    });
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - t0, exitCode: code, peakRssMb: peak / 1024, stdoutBytes: bytes });
    });
  });
}

/**
 * Runs a command whose stdout goes through a pipe to `cat`, which writes it to `outFile`: a fast C reader, so the
 * runner's own cost is what the wall time shows, and the output can be checked afterwards without being timed.
 */
export function runToFile(file: string, args: string[], outFile: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-2000);
    });
    const fd = openSync(outFile, 'w');
    const cat = spawn('cat', [], { stdio: [child.stdout, fd, 'ignore'] });
    let peak = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, peakRssKb(child.pid as number));
    }, 20);
    let pending = 2;
    let code: number | null = null;
    const done = (): void => {
      if (--pending > 0) return;
      clearInterval(poll);
      closeSync(fd);
      resolve({ wallMs: performance.now() - t0, exitCode: code, peakRssMb: peak / 1024, stdoutBytes: 0, stderrTail: stderr });
    };
    // 'exit', not 'close': our copy of the pipe is never read (cat reads it), so it would never report closed.
    child.on('exit', (c) => {
      code = c;
      child.stdout.destroy();
      done();
    });
    cat.on('exit', done);
  });
}

/** Counts lines of the form `[name] <n>` and checks each name's numbers run 1..N with nothing missing or torn. */
export class SeqChecker {
  private rest = '';
  private readonly next = new Map<string, number>();
  intact = 0;
  bad = 0;
  other = 0;

  feed(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.check(line);
  }

  finish(): void {
    if (this.rest) this.check(this.rest);
    this.rest = '';
  }

  private check(line: string): void {
    if (line.startsWith('[brum] ') || line.includes(' exited with code ') || line === '') {
      this.other++;
      return;
    }
    const m = /^\[([^\]]+)\]\s+(\d+)$/.exec(line);
    if (!m) {
      this.bad++;
      return;
    }
    const name = m[1] as string;
    const n = Number(m[2]);
    const want = this.next.get(name) ?? 1;
    if (n === want) {
      this.intact++;
      this.next.set(name, n + 1);
    } else {
      this.bad++;
      if (n > want) this.next.set(name, n + 1);
    }
  }
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
