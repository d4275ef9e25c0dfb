import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error';
import { detectPackageManager, runScriptArgs, type PackageManager } from './package-manager';
import type { ProcessDef } from '../runtime/types';

export interface Script {
  readonly name: string;
  readonly command: string;
}

/** What can be run in one folder: its package.json scripts, in file order, and how to run them. */
export interface Project {
  readonly dir: string;
  readonly name: string;
  readonly packageManager: PackageManager;
  readonly scripts: readonly Script[];
}

export function loadProject(dir: string): Project {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'package.json');
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserError(`no package.json in ${abs}. Run brum in a project folder, or pass -C DIR.`);
    }
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(raw);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${(error as Error).message}). Fix it and try again.`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) {
    throw new UserError(`${file} must contain a JSON object.`);
  }
  const record = pkg as Record<string, unknown>;
  const scriptsField = record.scripts ?? {};
  if (typeof scriptsField !== 'object' || scriptsField === null || Array.isArray(scriptsField)) {
    throw new UserError(`"scripts" in ${file} must be an object of name → command.`);
  }
  // JSON.parse keeps key order, which is the order the author wrote the scripts in.
  const scripts = Object.entries(scriptsField as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, command]) => ({ name, command }));
  return {
    dir: abs,
    name: typeof record.name === 'string' ? record.name : path.basename(abs),
    packageManager: detectPackageManager(abs, record.packageManager),
    scripts,
  };
}

export function scriptDef(project: Project, script: Script): ProcessDef {
  const { file, args } = runScriptArgs(project.packageManager, script.name);
  return {
    id: script.name,
    name: script.name,
    command: script.command,
    cwd: project.dir,
    launch: { kind: 'file', file, args },
  };
}
