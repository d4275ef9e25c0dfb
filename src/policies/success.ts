import { constants } from 'node:os';
import type { ProcessState } from '../state/process-state';

/**
 * concurrently's --success: which ending decides brum's exit code. `all` (default): 0 only if no process failed,
 * else the code of the first that failed; `first`: the code of the first process to end; `last`: of the last.
 * A process brum stopped itself (Ctrl-C, --kill-others) ended as asked, so it counts as a success (code 0),
 * where concurrently would count its SIGTERM.
 */
export type SuccessCondition = 'all' | 'first' | 'last';
export const SUCCESS_CONDITIONS: readonly SuccessCondition[] = ['all', 'first', 'last'];

/** The code one ended process stands for: 0 for a clean or requested end, 128+n for a signal, else its code. */
export function codeOf(p: ProcessState): number {
  if (p.status !== 'failed') return 0;
  if (p.signal) {
    const n = (constants.signals as Record<string, number | undefined>)[p.signal];
    return 128 + (n ?? 0);
  }
  if (p.exitCode !== null) return p.exitCode;
  return p.reason?.startsWith('command not found') ? 127 : 1;
}

/** Pure: brum's exit code under `condition`, from the final states of the processes in the order they ended. */
export function exitCodeFor(condition: SuccessCondition, ended: readonly ProcessState[]): number {
  switch (condition) {
    case 'all': {
      const failed = ended.find((p) => p.status === 'failed');
      return failed === undefined ? 0 : codeOf(failed);
    }
    case 'first':
      return ended[0] === undefined ? 0 : codeOf(ended[0]);
    case 'last': {
      const last = ended[ended.length - 1];
      return last === undefined ? 0 : codeOf(last);
    }
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown success condition ${String(unreachable)}`);
    }
  }
}
