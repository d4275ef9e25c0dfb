import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessDef } from '../defs/process-def';
import { UserError } from '../user-error';
import { parseBrumFile, type ProjectIn } from './brum-file';
import { parseProcfile } from './procfile';
import { loadProject, type Project } from './project';

/** A project file, read and validated: what it defines, in file order. */
export interface ProjectFile {
  readonly path: string;
  readonly kind: 'brum.yaml' | 'Procfile';
  readonly defs: readonly ProcessDef[];
}

/** Looked for in this order; brum.yaml and brum.yml side by side is an error rather than a silent pick. */
const BRUM_FILES = ['brum.yaml', 'brum.yml'] as const;

/**
 * Finds brum.yaml, brum.yml or else a Procfile in `dir`, or loads `file` (relative to the current directory) when
 * given, then parses and validates it. Null when `dir` has none of them (the caller falls back to package.json);
 * a `file` that does not exist is an error. A file named Procfile or Procfile.* is read as a Procfile.
 */
export function loadProjectFile(dir: string, file?: string): ProjectFile | null {
  if (file !== undefined) {
    const abs = path.resolve(file);
    const text = readText(abs);
    if (text === null) throw new UserError(`${abs} does not exist. Check the path given with -f.`);
    return parseAt(abs, text);
  }
  const root = path.resolve(dir);
  const found = BRUM_FILES.map((name) => path.join(root, name)).flatMap((abs) => {
    const text = readText(abs);
    return text === null ? [] : [{ abs, text }];
  });
  const [first, second] = found;
  if (second !== undefined) throw new UserError(`both brum.yaml and brum.yml are in ${root}: keep one.`);
  if (first !== undefined) return parseAt(first.abs, first.text);
  const procfile = path.join(root, 'Procfile');
  const text = readText(procfile);
  return text === null ? null : parseAt(procfile, text);
}

function parseAt(file: string, text: string): ProjectFile {
  const dir = path.dirname(file);
  if (path.basename(file).startsWith('Procfile')) {
    // The .env beside a Procfile is a convention, not a promise (foreman's): use it only when it is there.
    const dotenv = path.join(dir, '.env');
    return parseProcfile(file, text, dir, existsSync(dotenv) ? [dotenv] : []);
  }
  return parseBrumFile(file, text, dir, projectsIn());
}

/** Each folder's package.json is read once per load, however many processes name a script in it. */
function projectsIn(): ProjectIn {
  const cache = new Map<string, Project | null>();
  return (dir) => {
    let project = cache.get(dir);
    if (project === undefined) {
      project = existsSync(path.join(dir, 'package.json')) ? loadProject(dir) : null;
      cache.set(dir, project);
    }
    return project;
  };
}

/** The file's text, or null when there is no such file. Any other failure is the user's to see. */
function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
