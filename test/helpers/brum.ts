import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './proc-tree';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/brum.js');
export const FIXTURE = path.join(ROOT, 'test/fixtures/proj');
export const GEN = path.join(ROOT, 'test/fixtures/gen-lines.mjs');

/**
 * A runtime folder of its own for one brum (BRUM_RUNTIME_DIR): tests run many brums in one fixture project at
 * once, and each would otherwise find the project's lease taken. Tests of the lease itself share one on purpose.
 */
export function privateRuntimeDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
}

export interface BrumProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (128+n for a signal) or rejects after the deadline. */
  exited(timeoutMs?: number): Promise<number>;
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts the real built CLI, as a user would, with output captured. */
export function startBrum(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): BrumProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? FIXTURE,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, BRUM_RUNTIME_DIR: privateRuntimeDir(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  let code: number | null = null;
  const done = new Promise<number>((resolve) => {
    child.on('close', (c, signal) => {
      code = c ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 0);
      resolve(code);
    });
  });
  return {
    child,
    pid: child.pid as number,
    stdout: () => out,
    stderr: () => err,
    exited: (timeoutMs = 20_000) =>
      Promise.race([
        done,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error(`brum did not exit within ${timeoutMs} ms\n${out}\n${err}`)), timeoutMs).unref(),
        ),
      ]),
    waitForOutput: (text, timeoutMs = 15_000) =>
      waitFor(() => {
        const all = out + err;
        return (typeof text === 'string' ? all.includes(text) : text.test(all)) ? all : '';
      }, `output ${String(text)}; got:\n${out}\n${err}`, timeoutMs),
  };
}
