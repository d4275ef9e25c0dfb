import type { Command } from 'commander';
import { ApiClient, type ApiResponse } from '../../control/api-client';
import { UserError } from '../../user-error';

/** What every remote subcommand gets: the project folder (-C, or the root's) and where its exit code goes. */
export interface RemoteEnv {
  readonly program: Command;
  readonly setCode: (code: Promise<number>) => void;
  /** The project folder the user meant: the subcommand's -C, else the root's, else here. */
  readonly cwdOf: (sub: Command, own: string | undefined) => string;
  /** Runs a script or process of the project as `brum NAME` would (the TUI in a terminal). */
  readonly runScript: (name: string) => void;
}

export function clientFor(cwd: string): ApiClient {
  return ApiClient.connect(cwd);
}

/** The body of a successful answer; a refusal (unknown process, bad pattern) becomes the one line the server gave. */
export function ok(res: ApiResponse): Record<string, unknown> {
  if (res.status >= 200 && res.status < 300) return res.body;
  const message = typeof res.body.error === 'string' ? res.body.error : `the brum API answered ${res.status}`;
  if (res.status === 401) throw new UserError(`${message} (the token file was replaced: is this the brum you meant?)`);
  if (res.status < 500) throw new UserError(message);
  throw new Error(message);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `-C DIR` for a remote subcommand. */
export function withCwd(cmd: Command): Command {
  return cmd.option('-C, --cwd <dir>', 'project folder of the running brum (default: the current folder)');
}
