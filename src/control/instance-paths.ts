import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../user-error';

/** Where one project's instance lives: its socket, its token and the record of who holds it. */
export interface InstancePaths {
  /** The project folder, resolved through symlinks: two spellings of one folder are one project. */
  readonly project: string;
  readonly dir: string;
  readonly socket: string;
  readonly token: string;
  readonly record: string;
}

/**
 * The folder of every brum instance of this user: $XDG_RUNTIME_DIR/brum (per user, 0700 by the system, emptied at
 * logout), else brum-<uid> in the temp folder. Overridable with BRUM_RUNTIME_DIR (tests).
 */
export function runtimeRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BRUM_RUNTIME_DIR) return env.BRUM_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'brum');
  return path.join(os.tmpdir(), `brum-${process.getuid?.() ?? 'user'}`);
}

/**
 * One folder per project, named by a hash of its real path: short, because a unix socket path must fit in 108
 * bytes, whatever the depth of the project.
 */
export function instancePaths(projectDir: string, env: NodeJS.ProcessEnv = process.env): InstancePaths {
  const project = realpathOr(path.resolve(projectDir));
  const hash = createHash('sha256').update(project).digest('hex').slice(0, 16);
  const dir = path.join(runtimeRoot(env), hash);
  return { project, dir, socket: path.join(dir, 'api.sock'), token: path.join(dir, 'token'), record: path.join(dir, 'instance.json') };
}

/**
 * Makes the instance folder (and the root above it) 0700 and checks that they are really ours: a folder another
 * user made (or made readable) in a shared temp folder could hand them our token or our socket.
 */
export function ensurePrivateDir(dir: string): void {
  for (const d of [path.dirname(dir), dir]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    const stats = lstatSync(d);
    const uid = process.getuid?.();
    if (!stats.isDirectory() || stats.isSymbolicLink()) throw new UserError(`${d} is not a folder; remove it and start brum again.`);
    if (uid !== undefined && stats.uid !== uid) throw new UserError(`${d} belongs to another user; brum will not put its socket there.`);
    if ((stats.mode & 0o077) !== 0) throw new UserError(`${d} is readable by other users (mode ${(stats.mode & 0o777).toString(8)}); run chmod 700 ${d}.`);
  }
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
