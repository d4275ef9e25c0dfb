import { shouldUseColor } from '../headless/color';
import { createBrum } from '../runtime/brum';
import { Reaper } from '../runtime/reaper';
import { buildReport, writeReport } from '../headless/report';
import { RunHistory } from '../headless/run-history';
import { startLiveProject } from '../live/live-project';
import { UserError } from '../user-error';
import type { RunFlags } from './commands';
import { startInstance } from '../control/instance';
import { setProjectStatus } from '../state/store';
import { VERSION } from '../version';
import type { RunPlan } from '../project/runnable';
import type { TuiModule } from './tui-contract';

export type { TuiModule } from './tui-contract';
export type TuiImporter = () => Promise<TuiModule>;

/**
 * `brum [names…]` in a terminal: every process listed (idle), the named ones started (with no names, a project
 * file's autostart processes). The TUI is imported lazily, so `brum run` and `brum ls` never pay for loading Ink
 * and React.
 */
export async function runTuiCommand(plan: RunPlan, flags: RunFlags, importTui: TuiImporter): Promise<number> {
  if (flags.killOthers || flags.killOthersOnFail) {
    const flag = flags.killOthers ? '--kill-others' : '--kill-others-on-fail';
    throw new UserError(`${flag} is for headless runs, where one ending decides the rest: use brum run ${[...plan.startIds, flag].join(' ')}`);
  }
  const startedAt = Date.now();
  const { defs, startIds } = plan;
  const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: true });
  const reaper = Reaper.locate();
  // Captured now: loading the TUI briefly hides CI variables (see loadTui), and children must never see that.
  const brum = createBrum({ defs, killTimeoutMs: flags.killTimeout, color, reaper, env: { ...process.env } });
  // The project's lease first: a second brum here is refused before anything starts.
  const instance = await startInstance(brum, {
    projectDir: plan.live.root,
    version: VERSION,
    ...(flags.apiPort !== undefined ? { apiPort: flags.apiPort } : {}),
    onLost: (why) => setProjectStatus(brum.store, { error: why, note: null }),
  });
  if (instance.reaped.length > 0) {
    setProjectStatus(brum.store, { error: null, note: `killed ${instance.reaped.length} process group(s) left running by a brum that died here` });
  }
  const history = flags.report ? new RunHistory(brum.store) : null;
  // Start first, then load the UI: npm's own start-up (~0.2 s) overlaps loading the TUI instead of following it.
  // A start reaches its spawn in a microtask, and loading the TUI bundle is synchronous (it runs from the code
  // cache), so let the starts run before it: measured, loading first put every spawn ~40 ms later.
  for (const id of startIds) void brum.controls.start(id);
  await new Promise<void>((resolve) => setImmediate(resolve));
  // Watches and hot reload after the spawns, for the same reason: a flood's time counts from the first spawn, and
  // what runs while npm starts is free (docs/performance.md, entry 7g). No watch is ready that soon anyway.
  // A watcher's trouble is a toast-sized problem, not a crash: it shows in the process's log.
  const live = startLiveProject(brum, {
    ...plan.live,
    onWatchError: (id, message) => void brum.logs.append(id, 'stderr', `[brum] watch: ${message}`),
  });
  try {
    const { runTui } = await loadTui(importTui);
    const code = await runTui({ brum, title: plan.title, startIds, started: true, color, reaper });
    if (flags.report) {
      history?.close();
      await brum.close();
      writeReport(flags.report, buildReport(brum.store.getState(), startedAt, code, history?.runs()));
    }
    return code;
  } catch (error) {
    brum.controls.killAllNow();
    throw error;
  } finally {
    await live.close();
    await instance.close();
    // runTui's Lifecycle closes it; this covers a failure to load the TUI at all.
    reaper?.close();
  }
}

/**
 * Ink reads CI / CONTINUOUS_INTEGRATION once, as it loads, and then draws nothing until exit. brum only gets here
 * with a terminal on stdin and stdout, so a person (or a tmux test in CI) is watching: the variables are hidden
 * while Ink loads and put back at once.
 *
 * yoga-layout (Ink's layout engine) loads its WebAssembly through `fetch` on a data: URL whenever `fetch`
 * exists, which first loads Node's whole fetch stack; without it, it decodes the same bytes directly.
 * Measured: importing the TUI takes 66 ms instead of 89 ms. brum itself never uses fetch, and it is put back
 * as soon as the import settles.
 */
async function loadTui(importTui: TuiImporter): Promise<TuiModule> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (descriptor?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  const ci = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await importTui();
  } finally {
    if (descriptor?.configurable) Object.defineProperty(globalThis, 'fetch', descriptor);
    for (const [key, value] of Object.entries(ci)) if (value !== undefined) process.env[key] = value;
  }
}
