import path from 'node:path';
import type { ProcessDef } from '../defs/process-def';
import { UserError } from '../user-error';
import type { ProjectFile } from './project-file';

/**
 * `name: command`, as foreman and Heroku read it. The name takes brum's process-name characters except `:`, which
 * ends it here.
 */
const LINE_RE = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:[ \t]*(.*)$/;

/**
 * Parses the text of a Procfile: one `name: command` per line, `#` comments and blank lines skipped. Each command
 * runs through the shell in `dir`. `envFiles` are given by the caller (the folder's `.env` when it exists), so this
 * stays a pure function of its text. Bad input is one UserError line, `<file>:<line>:1: <problem>.`
 */
export function parseProcfile(file: string, text: string, dir: string, envFiles: readonly string[] = []): ProjectFile {
  const cwd = path.resolve(dir);
  const defs: ProcessDef[] = [];
  const lineOf = new Map<string, number>();
  const fail = (line: number, message: string): never => {
    throw new UserError(`${file}:${line}:1: ${message}`);
  };
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = LINE_RE.exec(trimmed);
    if (match === null) {
      const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
      const got = JSON.stringify(shown);
      return fail(line, `expected "name: command" with a name of letters, digits, "-", "_" and "." (got ${got}).`);
    }
    const [, name = '', command = ''] = match;
    const first = lineOf.get(name);
    if (first !== undefined) return fail(line, `duplicate process "${name}" (first on line ${first}).`);
    if (command.trim() === '') return fail(line, `process "${name}" has no command.`);
    lineOf.set(name, line);
    defs.push({
      id: name,
      name,
      command: command.trim(),
      cwd,
      launch: { kind: 'shell', command: command.trim() },
      ...(envFiles.length > 0 && { envFiles }),
      source: 'Procfile',
    });
  }
  if (defs.length === 0) fail(1, 'no processes: add lines such as "web: npm start".');
  return { path: file, kind: 'Procfile', defs };
}
