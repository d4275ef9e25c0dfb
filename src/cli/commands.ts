import path from 'node:path';
import { loadProject, scriptDef, type Project } from '../project/project';
import { selectScripts } from '../project/select';
import type { ProcessDef } from '../runtime/types';
import { SUCCESS_CONDITIONS, type SuccessCondition } from '../policies/success';
import { UserError } from '../user-error';

export interface RunFlags {
  readonly cmd: readonly string[];
  readonly killOthers: boolean;
  readonly killOthersOnFail: boolean;
  readonly killTimeout: number;
  readonly color: boolean;
  readonly report?: string;
  /** Which ending decides the exit code of a headless run (concurrently's --success). */
  readonly success: SuccessCondition;
}

/** Turns names, wildcards and --cmd commands into process definitions; bad input becomes a UserError. */
export function resolveDefs(dir: string, names: readonly string[], cmds: readonly string[]): ProcessDef[] {
  const defs: ProcessDef[] = [];
  if (names.length > 0) {
    const project = loadProject(dir);
    for (const script of selectScripts(project.scripts, names)) defs.push(scriptDef(project, script));
  }
  const taken = new Set(defs.map((d) => d.id));
  for (const command of cmds) {
    if (command.trim() === '') throw new UserError('--cmd needs a command, e.g. --cmd "node server.js".');
    const base = commandName(command);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    defs.push({ id, name: id, command, cwd: path.resolve(dir), launch: { kind: 'shell', command } });
  }
  return defs;
}

/** `--cmd "./bin/server --port 1"` is named "server": the first word, without its folder. */
export function commandName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? 'cmd';
  const base = first.replace(/^["']|["']$/g, '').split('/').pop() ?? first;
  return base.length > 0 ? base : 'cmd';
}

export function parseKillTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new UserError(`--kill-timeout takes a whole number of milliseconds, not "${value}". Example: --kill-timeout 3000`);
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

export function listText(project: Project): string {
  const width = project.scripts.reduce((w, s) => Math.max(w, s.name.length), 0);
  const head = `${project.name} (${project.packageManager}): ${project.scripts.length} script${
    project.scripts.length === 1 ? '' : 's'
  }`;
  const rows = project.scripts.map((s) => `  ${s.name.padEnd(width)}  ${s.command}`);
  return [head, ...rows].join('\n') + '\n';
}

export function listJson(project: Project): string {
  return (
    JSON.stringify(
      {
        dir: project.dir,
        name: project.name,
        packageManager: project.packageManager,
        scripts: project.scripts.map((s) => ({ name: s.name, command: s.command })),
      },
      null,
      2,
    ) + '\n'
  );
}
