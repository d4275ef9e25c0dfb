import { parseBrumFile, type ProjectIn } from '../../src/project/brum-file';
import type { Project } from '../../src/project/project';
import type { ProjectFile } from '../../src/project/project-file';
import { userErrorOf } from './user-error';

/** Where the in-memory brum.yaml of a test lives; nothing is read from it. */
export const PROJECT_DIR = '/proj';

/** A folder with a package.json of these scripts (run with npm), or none at all for null. */
export function scriptsIn(scripts: Readonly<Record<string, string>> | null): ProjectIn {
  return (dir) => {
    if (scripts === null) return null;
    const project: Project = {
      dir,
      name: 'proj',
      packageManager: 'npm',
      scripts: Object.entries(scripts).map(([name, command]) => ({ name, command })),
    };
    return project;
  };
}

/** A brum.yaml from its lines, so each test shows its line numbers. */
export function yamlOf(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export function parseYaml(text: string, scripts: Readonly<Record<string, string>> | null = { dev: 'vite' }): ProjectFile {
  return parseBrumFile('brum.yaml', text, PROJECT_DIR, scriptsIn(scripts));
}

/** The one-line error a brum.yaml gives. */
export function yamlError(text: string, scripts: Readonly<Record<string, string>> | null = { dev: 'vite' }): string {
  return userErrorOf(() => parseYaml(text, scripts));
}
