import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProcessDef } from '../defs/process-def';
export { withDependencies } from '../defs/closure';
import { loadProject, scriptDef, type Project } from './project';
import { loadProjectFile, type ProjectFile } from './project-file';
import { selectScripts } from './select';
import { isUserError, UserError } from '../user-error';

/** What one folder can run: its project file's processes, then the package.json scripts the file does not shadow. */
export interface Runnable {
  readonly dir: string;
  readonly title: string;
  readonly file: ProjectFile | null;
  readonly project: Project | null;
  readonly defs: readonly ProcessDef[];
}

/** What a command will run: every process brum knows, and the ones to start (their dependencies come along). */
export interface RunPlan {
  readonly title: string;
  readonly runnable: Runnable | null;
  readonly defs: readonly ProcessDef[];
  readonly startIds: readonly string[];
  /** What a live project needs to reload this plan's project (see src/live). */
  readonly live: {
    readonly runnable: Runnable | null;
    readonly load: () => Runnable;
    readonly adHoc: readonly ProcessDef[];
    readonly root: string;
  };
}

/**
 * Loads brum.yaml / brum.yml / a Procfile (or `file`) and package.json from `dir`. A process of the file shadows a
 * script of the same name. With no project file, package.json alone is the project, as it always was.
 */
export function loadRunnable(dir: string, file?: string): Runnable {
  const abs = path.resolve(dir);
  const projectFile = loadProjectFile(abs, file);
  if (projectFile === null) {
    const project = loadProject(abs);
    return { dir: abs, title: project.name, file: null, project, defs: project.scripts.map((s) => scriptDef(project, s)) };
  }
  const project = existsSync(path.join(abs, 'package.json')) ? loadProject(abs) : null;
  const own = new Set(projectFile.defs.map((d) => d.id));
  const scripts = (project?.scripts ?? []).filter((s) => !own.has(s.name)).map((s) => scriptDef(project as Project, s));
  return { dir: abs, title: project?.name ?? path.basename(abs), file: projectFile, project, defs: [...projectFile.defs, ...scripts] };
}

/**
 * Names (wildcards like dev:* too) and --cmd commands → a plan. No names: a project file's `autostart`
 * processes; without a file, nothing (the caller decides what that means). A folder with nothing to load is fine
 * when only --cmd commands were given.
 */
export function planRun(dir: string, names: readonly string[], cmds: readonly string[], file?: string): RunPlan {
  const runnable = loadOptional(dir, file, names.length === 0 && cmds.length > 0);
  const known = runnable?.defs ?? [];
  const noun = runnable?.file ? 'process' : 'script';
  const selected =
    names.length > 0
      ? selectScripts(known.map((d) => ({ name: d.id, command: d.command })), names, noun).map((s) => s.name)
      : (runnable?.file?.defs ?? []).filter((d) => d.autostart !== false).map((d) => d.id);
  const adHoc = adHocDefs(dir, cmds, new Set(known.map((d) => d.id)));
  return {
    title: runnable?.title ?? 'brum',
    runnable,
    defs: [...known, ...adHoc],
    startIds: [...selected, ...adHoc.map((d) => d.id)],
    live: { runnable, load: () => loadRunnable(dir, file), adHoc, root: runnable?.dir ?? path.resolve(dir) },
  };
}

function loadOptional(dir: string, file: string | undefined, optional: boolean): Runnable | null {
  try {
    return loadRunnable(dir, file);
  } catch (error) {
    if (optional && file === undefined && isUserError(error) && !existsSync(path.join(path.resolve(dir), 'package.json'))) return null;
    throw error;
  }
}

/** --cmd commands, named by their first word and numbered past the names already taken. */
export function adHocDefs(dir: string, cmds: readonly string[], taken: Set<string>): ProcessDef[] {
  const defs: ProcessDef[] = [];
  for (const command of cmds) {
    if (command.trim() === '') throw new UserError('--cmd needs a command, e.g. --cmd "node server.js".');
    const base = commandName(command);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    defs.push({ id, name: id, command, cwd: path.resolve(dir), launch: { kind: 'shell', command }, source: 'cmd' });
  }
  return defs;
}

/** `--cmd "./bin/server --port 1"` is named "server": the first word, without its folder. */
export function commandName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? 'cmd';
  const base = first.replace(/^["']|["']$/g, '').split('/').pop() ?? first;
  return base.length > 0 ? base : 'cmd';
}
