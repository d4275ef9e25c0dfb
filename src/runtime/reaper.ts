import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * brum's side of the reaper (see reaper.sh). Groups are registered as soon as they exist, so that even a
 * SIGKILL of brum, which runs no handler at all, leaves nothing behind.
 */
export class Reaper {
  private child: ChildProcess | null = null;

  constructor(private readonly script: string) {}

  /** Finds the reaper script next to the running bundle (or this source file); null when it cannot. */
  static locate(): Reaper | null {
    const here = fileURLToPath(new URL('.', import.meta.url));
    for (const candidate of [`${here}reaper.sh`, `${here}../../dist/reaper.sh`, `${here}../dist/reaper.sh`]) {
      if (existsSync(candidate)) return new Reaper(candidate);
    }
    return null;
  }

  register(pgid: number): void {
    this.send(`+${pgid}\n`);
  }

  unregister(pgid: number): void {
    if (this.child) this.send(`-${pgid}\n`);
  }

  /** Closing our end tells the reaper to clean up what is still registered and exit. */
  close(): void {
    if (!this.child) return;
    this.child.stdin?.end();
    this.child = null;
  }

  private send(line: string): void {
    const child = this.ensure();
    child.stdin?.write(line);
  }

  private ensure(): ChildProcess {
    if (this.child) return this.child;
    // Its own session: a terminal's Ctrl-C to brum's foreground group must not reach it.
    const child = spawn('/bin/sh', [this.script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // brum must be able to exit on its own; the reaper is a safety net, not something to wait for.
    child.unref();
    const stdin = child.stdin as unknown as { unref?: () => void; _handle?: { unref?: () => void } } | null;
    stdin?._handle?.unref?.();
    this.child = child;
    return child;
  }
}
