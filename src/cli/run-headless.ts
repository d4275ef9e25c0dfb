import { HeadlessRun } from '../headless/headless-run';
import { shouldUseColor } from '../headless/color';
import { Reaper } from '../runtime/reaper';
import type { ProcessDef } from '../runtime/types';
import { handleSignals, SIGNAL_EXIT_CODES, type HandledSignal } from './signals';
import type { RunFlags } from './commands';

/** Runs defs headless with brum's full shutdown discipline, and returns the exit code. */
export async function runHeadlessCommand(defs: readonly ProcessDef[], flags: RunFlags): Promise<number> {
  const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: process.stdout.isTTY === true });
  const reaper = Reaper.locate();
  const run = new HeadlessRun({
    defs,
    out: process.stdout,
    color,
    killOthers: flags.killOthers,
    killOthersOnFail: flags.killOthersOnFail,
    killTimeoutMs: flags.killTimeout,
    reaper,
    ...(flags.report ? { report: flags.report } : {}),
  });
  // If anything ends brum abruptly (an uncaught error, process.exit elsewhere), no group survives it.
  const onExit = (): void => run.supervisor.killAllSync();
  process.on('exit', onExit);
  const signalled: { by: HandledSignal | null } = { by: null };
  const uninstall = handleSignals({
    graceful(signal) {
      signalled.by = signal;
      const n = run.supervisor.activeCount();
      if (n > 0) process.stderr.write(`\nbrum: stopping ${n} process${n === 1 ? '' : 'es'}… (Ctrl-C again to kill)\n`);
      void run.stopAll();
    },
    force() {
      run.supervisor.killAllNow();
    },
  });
  try {
    const code = await run.run();
    return signalled.by ? SIGNAL_EXIT_CODES[signalled.by] : code;
  } finally {
    uninstall();
    process.off('exit', onExit);
    reaper?.close();
  }
}
