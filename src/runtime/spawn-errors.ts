import type { SpawnSpec } from './process-port';

/** One readable line for why a process could not be started, instead of a raw errno dump. */
export function spawnFailureReason(error: unknown, def: SpawnSpec): string {
  const program = def.launch.kind === 'file' ? def.launch.file : def.launch.command.split(/\s+/)[0] ?? def.command;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return `command not found: ${program}`;
    case 'EACCES':
      return `permission denied: ${program}`;
    case 'ENOTDIR':
      return `working directory is not a directory: ${def.cwd}`;
    default: {
      const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
      return `could not start: ${message.split('\n')[0]}`;
    }
  }
}
