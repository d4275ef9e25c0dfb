import { HeadlessRun } from '../headless/headless-run';
import { shouldUseColor } from '../headless/color';
import { Lifecycle } from '../runtime/lifecycle';
import { Reaper } from '../runtime/reaper';
import { startLiveProject } from '../live/live-project';
import type { RunPlan } from '../project/runnable';
import type { RunFlags } from './commands';
import { startInstance } from '../control/instance';
import { VERSION } from '../version';

/**
 * Runs a plan headless with brum's full shutdown discipline (the Lifecycle), following the project's files
 * (watch restarts, hot reload), and returns the exit code.
 */
export async function runHeadlessCommand(plan: RunPlan, flags: RunFlags): Promise<number> {
  const { defs, startIds } = plan;
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
  // The project's lease first: a second brum here is refused before anything starts.
  const instance = await startInstance(run.brum, {
    projectDir: plan.live.root,
    version: VERSION,
    ...(flags.apiPort !== undefined ? { apiPort: flags.apiPort } : {}),
    onLost: (why) => run.writer.note(why),
  });
  if (instance.reaped.length > 0) run.writer.note(`killed ${instance.reaped.length} process group(s) left running by a brum that died here`);
  const lifecycle = new Lifecycle({
    brum: run.brum,
    reaper,
    onSignal() {
      const n = run.supervisor.activeCount();
      if (n > 0) process.stderr.write(`\nbrum: stopping ${n} process${n === 1 ? '' : 'es'}… (Ctrl-C again to kill)\n`);
      void run.stopAll();
    },
  });
  const live = startLiveProject(run.brum, {
    ...plan.live,
    onWatchError: (id, message) => run.writer.note(`${id} watch: ${message}`),
  });
  try {
    return await run.run((code) => lifecycle.exitCode(code));
  } finally {
    await live.close();
    await lifecycle.shutdown();
    await instance.close();
  }
}
