// Reads a tmux pane through one long-lived control-mode client (`tmux -C`) instead of a new `tmux capture-pane`
// process per look. Why: a benchmark that polls every 5 ms with execFileSync spends most of a core on forking tmux
// clients, on a 2-core machine that is also running the program under test, its child and the tmux server, so the
// observer slowed what it measured. Through one client a look costs only the server's own capture.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

interface Pending {
  resolve(lines: string[]): void;
  reject(error: Error): void;
}

export class ControlClient {
  private buffer = '';
  private block: string[] | null = null;
  private readonly queue: Pending[] = [];
  /** The reply to attach-session itself comes first and is nobody's. */
  private skip = 1;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private closed = false;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => this.onData(chunk));
    proc.on('exit', () => this.fail(new Error('tmux control client exited')));
  }

  /**
   * Attaches to `session` on `socket`. no-output: the pane's output is not streamed to us (a flood would be
   * copied to this client in full); ignore-size: this client never resizes the pane.
   */
  static async open(socket: string, session: string): Promise<ControlClient> {
    const proc = spawn('tmux', ['-S', socket, '-C', 'attach-session', '-f', 'no-output,ignore-size', '-t', session], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new ControlClient(proc);
    await Promise.race([client.ready, once(proc, 'exit').then(() => Promise.reject(new Error('tmux -C could not attach')))]);
    return client;
  }

  /** The visible screen as plain text, one row per line (as `capture-pane -p` prints it). */
  async capture(target: string): Promise<string> {
    const lines = await this.command(`capture-pane -p -t ${target}`);
    return lines.join('\n') + '\n';
  }

  command(line: string): Promise<string[]> {
    if (this.closed) return Promise.reject(new Error('tmux control client is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.proc.stdin.write(`${line}\n`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.proc.stdin.end();
    this.proc.kill();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      this.onLine(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
    }
  }

  private onLine(line: string): void {
    if (this.block === null) {
      // Outside a reply only notifications arrive (%session-changed, %exit…); they carry nothing we need.
      if (line.startsWith('%begin ')) this.block = [];
      return;
    }
    const end = line.startsWith('%end ');
    if (!end && !line.startsWith('%error ')) {
      this.block.push(line);
      return;
    }
    const lines = this.block;
    this.block = null;
    if (this.skip > 0) {
      this.skip--;
      this.markReady();
      return;
    }
    const pending = this.queue.shift();
    if (!pending) return;
    if (end) pending.resolve(lines);
    else pending.reject(new Error(`tmux: ${lines.join(' ')}`));
  }

  private fail(error: Error): void {
    this.closed = true;
    this.markReady();
    for (const p of this.queue.splice(0)) p.reject(error);
  }
}
