import { describe, expect, it } from 'vitest';
import { parseProcfile } from '../src/project/procfile';
import { userErrorOf } from './helpers/user-error';

const procfileError = (text: string): string => userErrorOf(() => parseProcfile('Procfile', text, '/proj'));

describe('parseProcfile', () => {
  it('reads "name: command" lines, skipping comments and blank lines', () => {
    // Given a Procfile in the usual style
    const text = ['# processes', 'web: npm start', '', '  # indented comment', 'worker:node worker.js --queue=a:b', 'release.v2 :  ./release.sh  '].join('\n');
    // When it is parsed
    const file = parseProcfile('Procfile', text, '/proj');
    // Then each line is a shell command in the folder, in file order
    expect(file.kind).toBe('Procfile');
    expect(file.defs).toEqual([
      { id: 'web', name: 'web', command: 'npm start', cwd: '/proj', launch: { kind: 'shell', command: 'npm start' }, source: 'Procfile' },
      {
        id: 'worker',
        name: 'worker',
        command: 'node worker.js --queue=a:b',
        cwd: '/proj',
        launch: { kind: 'shell', command: 'node worker.js --queue=a:b' },
        source: 'Procfile',
      },
      { id: 'release.v2', name: 'release.v2', command: './release.sh', cwd: '/proj', launch: { kind: 'shell', command: './release.sh' }, source: 'Procfile' },
    ]);
  });

  it('reads CRLF line ends', () => {
    expect(parseProcfile('Procfile', 'a: x\r\nb: y\r\n', '/proj').defs.map((d) => [d.id, d.command])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('gives each process the env files it is handed', () => {
    const file = parseProcfile('Procfile', 'a: x\n', '/proj', ['/proj/.env']);
    expect(file.defs[0]?.envFiles).toEqual(['/proj/.env']);
  });

  it('refuses a line that is not "name: command", with its line number', () => {
    expect(procfileError('web: npm start\n\nnpm run worker\n')).toBe(
      'Procfile:3:1: expected "name: command" with a name of letters, digits, "-", "_" and "." (got "npm run worker").',
    );
  });

  it('refuses a name that could read as a flag', () => {
    expect(procfileError('-web: npm start\n')).toBe('Procfile:1:1: expected "name: command" with a name of letters, digits, "-", "_" and "." (got "-web: npm start").');
  });

  it('refuses a process without a command', () => {
    expect(procfileError('# a\nweb:\n')).toBe('Procfile:2:1: process "web" has no command.');
  });

  it('refuses a name used twice, naming the first line', () => {
    expect(procfileError('web: a\nworker: b\nweb: c\n')).toBe('Procfile:3:1: duplicate process "web" (first on line 1).');
  });

  it('refuses a Procfile with no processes', () => {
    expect(procfileError('# nothing yet\n\n')).toBe('Procfile:1:1: no processes: add lines such as "web: npm start".');
  });
});
