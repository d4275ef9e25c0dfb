import type { ProcessDef } from '../defs/process-def';
import { planRun } from '../project/runnable';
import { SUCCESS_CONDITIONS, type SuccessCondition } from '../policies/success';
import { UserError } from '../user-error';

export { commandName } from '../project/runnable';
export { listJson, listText } from './listing';

export interface RunFlags {
  readonly cmd: readonly string[];
  readonly killOthers: boolean;
  readonly killOthersOnFail: boolean;
  readonly killTimeout: number;
  readonly color: boolean;
  readonly report?: string;
  /** Which ending decides the exit code of a headless run (concurrently's --success). */
  readonly success: SuccessCondition;
  /** Also serve the control API on 127.0.0.1:PORT. */
  readonly apiPort?: number;
}

/** The processes names and --cmd commands ask for, in that order (headless `brum run` starts exactly these). */
export function resolveDefs(dir: string, names: readonly string[], cmds: readonly string[], file?: string): ProcessDef[] {
  if (names.length === 0 && cmds.length === 0 && file === undefined) return [];
  const plan = planRun(dir, names, cmds, file);
  return plan.startIds.flatMap((id) => plan.defs.filter((d) => d.id === id));
}

export function parseKillTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new UserError(`--kill-timeout takes a whole number of milliseconds, not "${value}". Example: --kill-timeout 3000`);
  }
  return n;
}

export function parseApiPort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535) {
    throw new UserError(`--api-port takes a port number from 1 to 65535, not "${value}". Example: --api-port 7777`);
  }
  return n;
}

export function parseSuccess(value: string): SuccessCondition {
  const found = SUCCESS_CONDITIONS.find((c) => c === value.trim());
  if (found === undefined) {
    throw new UserError(`--success takes ${SUCCESS_CONDITIONS.join(', ')}, not "${value}". Example: --success first`);
  }
  return found;
}

