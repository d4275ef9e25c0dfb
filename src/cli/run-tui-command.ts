import { shouldUseColor } from '../headless/color';
import { loadProject, scriptDef, type Project } from '../project/project';
import { selectScripts } from '../project/select';
import { createBrum } from '../runtime/brum';
import { Reaper } from '../runtime/reaper';
import type { ProcessDef } from '../runtime/types';
import { buildReport, writeReport } from '../headless/report';
import { isUserError, UserError } from '../user-error';
import { resolveDefs, type RunFlags } from './commands';
import type { TuiModule } from './tui-contract';

export type { TuiModule } from './tui-contract';
export type TuiImporter = () => Promise<TuiModule>;

/**
 * `brum [names…]` in a terminal: every script listed (idle), the named ones started. The TUI is imported lazily,
 * so `brum run` and `brum ls` never pay for loading Ink and React.
 */
export async function runTuiCommand(cwd: string, names: readonly string[], flags: RunFlags, importTui: TuiImporter): Promise<number> {
  if (flags.killOthers || flags.killOthersOnFail) {
    const flag = flags.killOthers ? '--kill-others' : '--kill-others-on-fail';
    throw new UserError(`${flag} is for headless runs, where one ending decides the rest: use brum run ${[...names, flag].join(' ')}`);
  }
  const startedAt = Date.now();
  const project = loadProjectForTui(cwd, names, flags.cmd);
  const scripts = project?.scripts ?? [];
  const selected = selectScripts(scripts, names);
  const defs: ProcessDef[] = project ? scripts.map((s) => scriptDef(project, s)) : [];
  const adHoc = resolveDefs(cwd, [], flags.cmd).map((d) => uniqueId(d, defs));
  defs.push(...adHoc);
  const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: true });
  const reaper = Reaper.locate();
  // Captured now: loading the TUI briefly hides CI variables (see loadTui), and children must never see that.
  const brum = createBrum({ defs, killTimeoutMs: flags.killTimeout, color, reaper, env: { ...process.env } });
  const startIds = [...selected.map((s) => s.name), ...adHoc.map((d) => d.id)];
  // Start first, then load the UI: npm's own start-up (~0.2 s) overlaps loading the TUI instead of following it.
  // A start reaches its spawn in a microtask, and loading the TUI bundle is synchronous (it runs from the code
  // cache), so let the starts run before it: measured, loading first put every spawn ~40 ms later.
  for (const id of startIds) void brum.controls.start(id);
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    const { runTui } = await loadTui(importTui);
    const code = await runTui({ brum, title: project?.name ?? 'brum', startIds, color, reaper });
    if (flags.report) {
      await brum.close();
      writeReport(flags.report, buildReport(brum.store.getState(), startedAt, code));
    }
    return code;
  } catch (error) {
    brum.controls.killAllNow();
    throw error;
  } finally {
    // runTui's Lifecycle closes it; this covers a failure to load the TUI at all.
    reaper?.close();
  }
}

/** A folder without package.json is fine when the user only asked for --cmd commands. */
function loadProjectForTui(cwd: string, names: readonly string[], cmds: readonly string[]): Project | null {
  try {
    return loadProject(cwd);
  } catch (error) {
    if (isUserError(error) && names.length === 0 && cmds.length > 0) return null;
    throw error;
  }
}

function uniqueId(def: ProcessDef, taken: readonly ProcessDef[]): ProcessDef {
  let id = def.id;
  for (let n = 2; taken.some((d) => d.id === id); n++) id = `${def.id}-${n}`;
  return id === def.id ? def : { ...def, id, name: id };
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
