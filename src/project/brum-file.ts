import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import type { Dependency, ProcessDef } from '../defs/process-def';
import { UserError } from '../user-error';
import { issueMessage, problemOf, type Problem } from './brum-file-issues';
import { probeOf, restartOf, stopOf, watchOf, type Fail } from './brum-file-parts';
import { BrumFileSchema, type BrumFile, type ProcessEntry } from './brum-file-schema';
import { dependenciesOf, dependencyProblem, type PlacedDependency } from './dependencies';
import { pathText } from './issue-text';
import { scriptDef, type Project } from './project';
import type { ProjectFile } from './project-file';
import { suggest } from './select';
import { positionOf } from './yaml-position';
import { yamlLib } from './yaml-lib';

/**
 * The package.json scripts of a folder, or null when it has none. Called only for processes that use `script:`,
 * so a brum.yaml of plain commands never needs a package.json (nor trips over a broken one).
 */
export type ProjectIn = (dir: string) => Project | null;

/**
 * Parses and validates the text of a brum.yaml into definitions, in file order. Relative paths are resolved against
 * `dir` (the file's folder). Bad input throws one UserError line, `<file>:<line>:<col>: <problem>.`, placed at the
 * node at fault: its key when the key is the mistake (unknown, or something missing under it), else its value.
 */
export function parseBrumFile(file: string, text: string, dir: string, projectIn: ProjectIn): ProjectFile {
  const { LineCounter, parseDocument } = yamlLib();
  const counter = new LineCounter();
  // `merge`: the `<<: *defaults` of docker-compose files, which YAML 1.2 dropped but people still write.
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, merge: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const { line, col } = counter.linePos(syntax.pos[0]);
    throw new UserError(`${file}:${line}:${col}: invalid YAML: ${sentence(syntax.message)}`);
  }
  const fail: Fail = (problem) => {
    throw new UserError(problemLine(file, doc, counter, problem));
  };
  if (doc.contents === null) {
    return fail({ path: [], anchor: 'value', message: 'the file is empty: it needs a "processes" map', plain: true });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Only a document that expands aliases without bound (a "billion laughs") gets here.
    return fail({ path: [], anchor: 'value', message: `cannot read the YAML: ${(error as Error).message}`, plain: true });
  }
  const result = BrumFileSchema.safeParse(value, { error: issueMessage, reportInput: true });
  if (!result.success) return fail(problemOf(result.error.issues));
  return { path: file, kind: 'brum.yaml', defs: definitions(result.data, path.resolve(dir), projectIn, fail) };
}

function definitions(data: BrumFile, dir: string, projectIn: ProjectIn, fail: Fail): ProcessDef[] {
  const entries = Object.entries(data.processes);
  if (entries.length === 0) {
    fail({ path: ['processes'], anchor: 'key', message: 'is empty. Add a process, such as "web: { command: npm start }"' });
  }
  const graph = new Map<string, readonly PlacedDependency[]>();
  const defs = entries.map(([name, entry]) => {
    const placed = dependenciesOf(entry.depends_on, ['processes', name, 'depends_on']);
    if (!Array.isArray(placed)) return fail(placed);
    graph.set(name, placed);
    return processDef(name, entry, data, dir, projectIn, placed, fail);
  });
  const problem = dependencyProblem(graph);
  if (problem !== null) fail(problem);
  return defs;
}

function processDef(
  name: string,
  entry: ProcessEntry,
  data: BrumFile,
  dir: string,
  projectIn: ProjectIn,
  placed: readonly PlacedDependency[],
  fail: Fail,
): ProcessDef {
  const at = ['processes', name];
  const cwd = entry.cwd === undefined ? dir : path.resolve(dir, entry.cwd);
  const { command, launch } = launchOf(entry, at, cwd, projectIn, fail);
  const env = { ...envOf(data.env), ...envOf(entry.env) };
  const envFiles = [...filesOf(data.env_file, dir), ...filesOf(entry.env_file, dir)];
  const dependsOn: Dependency[] = placed.map((p) => p.dependency);
  return {
    id: name,
    name,
    command,
    cwd,
    launch,
    ...(Object.keys(env).length > 0 && { env }),
    ...(envFiles.length > 0 && { envFiles }),
    source: 'brum.yaml',
    ...(dependsOn.length > 0 && { dependsOn }),
    ...(entry.ready !== undefined && { ready: probeOf(entry.ready, [...at, 'ready'], fail) }),
    ...(entry.restart !== undefined && { restart: restartOf(entry.restart, [...at, 'restart'], fail) }),
    ...(entry.stop !== undefined && { stop: stopOf(entry.stop, [...at, 'stop'], fail) }),
    ...(entry.autostart !== undefined && { autostart: entry.autostart }),
    ...(entry.watch !== undefined && { watch: watchOf(entry.watch, cwd, [...at, 'watch'], fail) }),
  };
}

function launchOf(
  entry: ProcessEntry,
  at: readonly PropertyKey[],
  cwd: string,
  projectIn: ProjectIn,
  fail: Fail,
): Pick<ProcessDef, 'command' | 'launch'> {
  if (entry.command !== undefined && entry.script !== undefined) {
    return fail({ path: at, at: [...at, 'script'], anchor: 'key', message: 'has both command and script: keep one' });
  }
  if (entry.command !== undefined) return { command: entry.command, launch: { kind: 'shell', command: entry.command } };
  const name = entry.script;
  if (name === undefined) return fail({ path: at, anchor: 'key', message: 'needs a command or a script' });
  const where = { path: [...at, 'script'], anchor: 'value' } as const;
  const project = projectIn(cwd);
  if (project === null) return fail({ ...where, message: `no package.json in ${cwd} to find script "${name}" in` });
  const script = project.scripts.find((s) => s.name === name);
  if (script === undefined) {
    const names = project.scripts.map((s) => s.name);
    const hint = suggest(name, names);
    const available = names.length === 0 ? 'package.json has no scripts' : `Available: ${names.join(', ')}`;
    const tail = hint === null ? available : `Did you mean "${hint}"?`;
    return fail({ ...where, message: `unknown script "${name}" in ${path.join(project.dir, 'package.json')}. ${tail}` });
  }
  const def = scriptDef(project, script);
  return { command: def.command, launch: def.launch };
}

/** YAML reads `PORT: 5432` as a number; the environment only holds strings. */
function envOf(env: Readonly<Record<string, string | number | boolean>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env ?? {})) out[key] = String(value);
  return out;
}

function filesOf(files: string | readonly string[] | undefined, dir: string): string[] {
  if (files === undefined) return [];
  return (typeof files === 'string' ? [files] : files).map((file) => path.resolve(dir, file));
}

function problemLine(file: string, doc: Document, counter: LineCounter, problem: Problem): string {
  const { line, col } = positionOf(doc, counter, problem.at ?? problem.path, problem.anchor);
  const where = problem.plain === true || problem.path.length === 0 ? '' : `${pathText(problem.path)}: `;
  return `${file}:${line}:${col}: ${where}${sentence(problem.message)}`;
}

/** Ends a message with one full stop, unless it already ends as a sentence (a question, a list). */
function sentence(message: string): string {
  const one = message.replace(/\s*\n[\s\S]*$/, '');
  return /[.?!]$/.test(one) ? one : `${one}.`;
}
