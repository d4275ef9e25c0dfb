import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error';
import { parsePackageJson } from './package-json';
import { detectPackageManager, runScriptArgs, type PackageManager } from './package-manager';
import type { ProcessDef } from '../defs/process-def';

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
  const pkg = parsePackageJson(file, raw);
  // JSON.parse keeps key order, which is the order the author wrote the scripts in.
  const scripts = Object.entries(pkg.scripts ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, command]) => ({ name, command }));
  return {
    dir: abs,
    name: pkg.name ?? path.basename(abs),
    packageManager: detectPackageManager(abs, pkg.packageManager),
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
    source: 'package.json',
  };
}
