import path from 'node:path';
import type { Dependency, ProcessDef, RestartPolicy, StopSpec, WatchSpec } from '../defs/process-def';
import { formatSeconds } from '../policies/backoff';
import { describeCheck } from '../policies/probes';
import type { Project } from '../project/project';
import type { Runnable } from '../project/runnable';

/** `brum ls` for a folder with only package.json: its scripts, aligned, in file order. */
export function listText(project: Project): string {
  const width = project.scripts.reduce((w, s) => Math.max(w, s.name.length), 0);
  const head = `${project.name} (${project.packageManager}): ${project.scripts.length} script${project.scripts.length === 1 ? '' : 's'}`;
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

/**
 * `brum ls` with a project file: each process with its source, command, and then what orchestrates it (what it
 * waits for, its ready probe, its restart policy, a stop that is not the default, whether it starts by itself).
 */
export function listRunnableText(r: Runnable): string {
  const file = r.file;
  if (file === null) return r.project ? listText(r.project) : '';
  const fromFile = r.defs.filter((d) => d.source === file.kind).length;
  const scripts = r.defs.length - fromFile;
  const pm = r.project ? ` (${r.project.packageManager})` : '';
  const head = `${r.title}${pm}: ${count(fromFile, 'process', 'processes')} from ${file.path}${scripts > 0 ? `, ${count(scripts, 'script')} from package.json` : ''}`;
  const nameWidth = Math.max(...r.defs.map((d) => d.id.length));
  const sourceWidth = Math.max(...r.defs.map((d) => (d.source ?? '').length));
  const rows = r.defs.map((d) => {
    const notes = orchestrationNotes(d);
    return `  ${d.id.padEnd(nameWidth)}  ${(d.source ?? '').padEnd(sourceWidth)}  ${d.command}${notes.length > 0 ? `\n  ${' '.repeat(nameWidth + sourceWidth + 4)}${notes.join(' · ')}` : ''}`;
  });
  return [head, ...rows].join('\n') + '\n';
}

export function listRunnableJson(r: Runnable): string {
  return (
    JSON.stringify(
      {
        dir: r.dir,
        name: r.title,
        packageManager: r.project?.packageManager ?? null,
        file: r.file?.path ?? null,
        processes: r.defs.map((d) => ({
          name: d.id,
          source: d.source ?? null,
          command: d.command,
          cwd: d.cwd,
          autostart: d.autostart !== false,
          dependsOn: d.dependsOn ?? [],
          ready: d.ready ?? null,
          restart: d.restart ?? null,
          stop: d.stop ?? null,
          watch: d.watch ?? null,
          envFiles: d.envFiles ?? [],
        })),
        scripts: (r.project?.scripts ?? []).map((s) => ({ name: s.name, command: s.command })),
      },
      null,
      2,
    ) + '\n'
  );
}

function orchestrationNotes(d: ProcessDef): string[] {
  const notes: string[] = [];
  if (d.dependsOn && d.dependsOn.length > 0) notes.push(`after ${d.dependsOn.map(dependencyText).join(', ')}`);
  if (d.ready) notes.push(`ready: ${describeCheck(d.ready.check)} (every ${formatSeconds(d.ready.periodMs)}, up to ${formatSeconds(d.ready.timeoutMs)})`);
  if (d.restart && d.restart.mode !== 'no') notes.push(`restart: ${restartText(d.restart)}`);
  if (d.stop) notes.push(`stop: ${stopText(d.stop)}`);
  if (d.watch) notes.push(`watch: ${watchText(d.watch, d.cwd)}`);
  if (d.autostart === false) notes.push('not started by default');
  return notes;
}

function dependencyText(d: Dependency): string {
  return `${d.id} ${d.condition}${d.restart ? ' (restarts with it)' : ''}`;
}

function restartText(p: RestartPolicy): string {
  const limit = p.maxRestarts === null ? 'no limit' : `at most ${p.maxRestarts}`;
  return `${p.mode}, ${formatSeconds(p.delayMs)} ×${p.factor} up to ${formatSeconds(p.maxDelayMs)} ±${Math.round(p.jitter * 100)}%, ${limit}`;
}

function stopText(s: StopSpec): string {
  return `${s.signal}, ${formatSeconds(s.timeoutMs)} grace`;
}

function watchText(w: WatchSpec, cwd: string): string {
  const paths = w.paths.map((p) => path.relative(cwd, p) || '.').join(', ');
  const ignoring = w.ignore.length > 0 ? `, ignoring ${w.ignore.join(' ')}` : '';
  return `${paths} (${formatSeconds(w.debounceMs)} debounce${ignoring}${w.cascade ? ', restarts dependents' : ''})`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
