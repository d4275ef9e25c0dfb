import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import { UserError } from '../user-error';
import { ensurePrivateDir, type InstancePaths } from './instance-paths';
import { isRecordedGroup, processStartTime, type RecordedGroup } from './process-identity';

/** What an instance writes beside its socket, refreshed by the keepalive. */
export interface InstanceRecord {
  readonly v: 1;
  readonly pid: number;
  readonly startedAt: number;
  readonly version: string;
  readonly project: string;
  readonly apiPort: number | null;
  readonly groups: readonly RecordedGroup[];
}

export interface LeaseOptions {
  readonly paths: InstancePaths;
  /** The API server: its listening socket is the lock, so the kernel releases it when this process dies. */
  readonly server: Server;
  readonly version: string;
  readonly apiPort?: number | null;
  /** The process groups running now (recorded so that a successor can reap them after a kill -9). */
  readonly groups: () => readonly number[];
  /** Told once, within a keepalive period, when the socket file is gone or replaced. */
  readonly onLost: (why: string) => void;
  readonly keepaliveMs?: number;
}

export interface Lease {
  readonly token: string;
  /** Groups of a dead predecessor that were still alive and were killed when this lease was taken. */
  readonly reaped: readonly number[];
  /** Writes the record now (a group started): a kill -9 before the next keepalive must not lose it. */
  refresh(): void;
  release(): Promise<void>;
}

const KEEPALIVE_MS = 1000;

/**
 * One brum per project. The lock is the API's listening unix socket: whoever listens holds the project, and the
 * kernel lets go of it when that process dies, however it dies. Taking a lease: listen on a private path, then
 * hard-link it into place (atomic: exactly one of two racing instances wins). When a socket file is already
 * there and nothing answers on it, its owner is dead: the record beside it names the groups it left, which are
 * reaped if they are provably those groups, and the dead socket is moved aside so the link can be made.
 */
export async function acquireLease(opts: LeaseOptions): Promise<Lease> {
  const { paths, server } = opts;
  ensurePrivateDir(paths.dir);
  const privatePath = `${paths.socket}.${process.pid}`;
  unlinkQuiet(privatePath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(privatePath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const reaped: number[] = [];
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(privatePath, paths.socket);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
      }
      const found = inodeOf(paths.socket);
      if (found !== null && (await answers(paths.socket))) throw await refusal(paths);
      reaped.push(...reapDead(paths));
      // The dead holder's record goes with its socket: a brum refused in the moment before ours is written must not
      // name a pid that no longer runs.
      unlinkQuiet(paths.record);
      moveAsideIfSame(paths.socket, found);
    }
  } catch (error) {
    server.close();
    throw error;
  } finally {
    unlinkQuiet(privatePath);
  }
  const ours = inodeOf(paths.socket);
  const token = randomBytes(32).toString('hex');
  writeAtomic(paths.token, token);
  const startedAt = Date.now();
  const record = (): InstanceRecord => ({
    v: 1,
    pid: process.pid,
    startedAt,
    version: opts.version,
    project: paths.project,
    apiPort: opts.apiPort ?? null,
    groups: opts.groups().map((pgid) => ({ pgid, start: processStartTime(pgid) })),
  });
  writeAtomic(paths.record, JSON.stringify(record()));
  let lost = false;
  const timer = setInterval(() => {
    if (lost) return;
    if (inodeOf(paths.socket) !== ours) {
      lost = true;
      opts.onLost(`the instance lease was lost (${paths.socket} was removed or replaced): brum ps and brum logs no longer reach this brum`);
      return;
    }
    writeAtomic(paths.record, JSON.stringify(record()));
  }, opts.keepaliveMs ?? KEEPALIVE_MS);
  timer.unref();
  return {
    token,
    reaped,
    refresh() {
      if (!lost && inodeOf(paths.socket) === ours) writeAtomic(paths.record, JSON.stringify(record()));
    },
    async release() {
      clearInterval(timer);
      // Only what is still ours: a successor may already have taken the place.
      if (!lost && inodeOf(paths.socket) === ours) {
        for (const f of [paths.socket, paths.token, paths.record]) unlinkQuiet(f);
        // The folder too, unless something else is in it (a successor's files): nothing of this brum is left.
        try {
          rmdirSync(paths.dir);
        } catch {
          // Not empty, or gone.
        }
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads the record of the instance in `paths`, if any (the remote CLI and the refusal message use it). */
export function readRecord(paths: InstancePaths): InstanceRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(paths.record, 'utf8')) as Partial<InstanceRecord>;
    return parsed.v === 1 && typeof parsed.pid === 'number' ? (parsed as InstanceRecord) : null;
  } catch {
    return null;
  }
}

/** Whether something listens on the socket: a connection is accepted (not refused) within a short wait. */
export function answers(socket: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    const done = (alive: boolean): void => {
      clearTimeout(timer);
      conn.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    conn.once('connect', () => done(true));
    conn.once('error', () => done(false));
  });
}

/** The one line that refuses a second brum, naming the first (whose record may be a moment behind its socket). */
async function refusal(paths: InstancePaths): Promise<UserError> {
  let record = readRecord(paths);
  for (let i = 0; record === null && i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    record = readRecord(paths);
  }
  const who = record ? `pid ${record.pid}, since ${new Date(record.startedAt).toLocaleTimeString('en-GB')}` : 'pid unknown';
  return new UserError(
    `brum is already running in ${paths.project} (${who}). Use brum ps, brum logs or brum restart NAME to work with it, or stop it first.`,
  );
}

/** Kills the groups a dead instance recorded that are still alive and provably its own. */
function reapDead(paths: InstancePaths): number[] {
  const reaped: number[] = [];
  for (const group of readRecord(paths)?.groups ?? []) {
    if (!isRecordedGroup(group)) continue;
    try {
      process.kill(-group.pgid, 'SIGKILL');
      reaped.push(group.pgid);
    } catch {
      // Gone in the meantime.
    }
  }
  return reaped;
}

/**
 * Moves the dead socket aside (rename is atomic) and removes it, but only if it is still the one found dead: a
 * racing instance may have linked a live one in its place since, and that one must stay.
 */
function moveAsideIfSame(socket: string, ino: number | null): void {
  if (ino === null) return;
  const aside = `${socket}.dead.${process.pid}`;
  try {
    renameSync(socket, aside);
  } catch {
    return;
  }
  if (inodeOf(aside) === ino) unlinkQuiet(aside);
  else linkBack(aside, socket);
}

function linkBack(aside: string, socket: string): void {
  try {
    linkSync(aside, socket);
  } catch {
    // Another instance linked its own meanwhile; theirs stays.
  }
  unlinkQuiet(aside);
}

function inodeOf(file: string): number | null {
  try {
    return lstatSync(file).ino;
  } catch {
    return null;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
