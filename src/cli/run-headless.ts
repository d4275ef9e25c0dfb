import { HeadlessRun } from '../headless/headless-run';
import { shouldUseColor } from '../headless/color';
import { Lifecycle } from '../runtime/lifecycle';
import { Reaper } from '../runtime/reaper';
import type { ProcessDef } from '../runtime/types';
import type { RunFlags } from './commands';

/** Runs defs headless with brum's full shutdown discipline (the Lifecycle), and returns the exit code. */
export async function runHeadlessCommand(defs: readonly ProcessDef[], startIds: readonly string[], flags: RunFlags): Promise<number> {
  const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: process.stdout.isTTY === true });
  const reaper = Reaper.locate();
  const run = new HeadlessRun({
    defs,
    startIds,
    out: process.stdout,
    color,
    killOthers: flags.killOthers,
    killOthersOnFail: flags.killOthersOnFail,
    killTimeoutMs: flags.killTimeout,
    success: flags.success,
    reaper,
    ...(flags.report ? { report: flags.report } : {}),
  });
  const lifecycle = new Lifecycle({
    brum: run.brum,
    reaper,
    onSignal() {
      const n = run.supervisor.activeCount();
      if (n > 0) process.stderr.write(`\nbrum: stopping ${n} process${n === 1 ? '' : 'es'}… (Ctrl-C again to kill)\n`);
      void run.stopAll();
    },
  });
  try {
    return await run.run((code) => lifecycle.exitCode(code));
  } finally {
    await lifecycle.shutdown();
  }
}
