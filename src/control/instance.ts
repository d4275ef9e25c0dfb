import type { Server } from 'node:http';
import type { Brum } from '../runtime/brum';
import { UserError } from '../user-error';
import { createApiServer } from './api-server';
import { instancePaths } from './instance-paths';
import { acquireLease, type Lease } from './lease';

export interface InstanceOptions {
  readonly projectDir: string;
  readonly version: string;
  /** Also serve the API on 127.0.0.1:PORT (same token, Host/Origin checked). */
  readonly apiPort?: number;
  /** The lease was lost while running (the socket file deleted by hand): the front end says so. */
  readonly onLost: (why: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** A running brum's place in the world: the project lease and the local API on its socket (and maybe a port). */
export interface Instance {
  readonly socket: string;
  readonly token: string;
  /** Groups of a dead predecessor that this start reaped. */
  readonly reaped: readonly number[];
  readonly apiPort: number | null;
  close(): Promise<void>;
}

/**
 * Takes the project's lease and serves the API. Called before anything starts: a second brum in the same project
 * is refused here (a UserError naming the running one), having started nothing.
 */
export async function startInstance(brum: Brum, opts: InstanceOptions): Promise<Instance> {
  const paths = instancePaths(opts.projectDir, opts.env);
  let token = '';
  const ctx = { brum, token: () => token, pid: process.pid, project: paths.project };
  const server = createApiServer(ctx, { tcp: false });
  const lease: Lease = await acquireLease({
    paths,
    server,
    version: opts.version,
    apiPort: opts.apiPort ?? null,
    groups: () => brum.supervisor.liveGroupIds(),
    onLost: opts.onLost,
  });
  token = lease.token;
  // Every new group is on record at once, not at the next keepalive.
  const unsubscribe = brum.store.subscribe((next, prev) => {
    if (next.processes === prev.processes) return;
    if (next.order.some((id) => next.processes[id]?.pid !== prev.processes[id]?.pid && next.processes[id]?.pid != null)) lease.refresh();
  });
  let tcp: Server | null = null;
  if (opts.apiPort !== undefined) {
    tcp = createApiServer(ctx, { tcp: true });
    try {
      await listenTcp(tcp, opts.apiPort);
    } catch (error) {
      unsubscribe();
      await lease.release();
      throw new UserError(`--api-port ${opts.apiPort}: ${(error as NodeJS.ErrnoException).code ?? String(error)} on 127.0.0.1. Pick another port.`);
    }
  }
  return {
    socket: paths.socket,
    token,
    reaped: lease.reaped,
    apiPort: opts.apiPort ?? null,
    async close() {
      unsubscribe();
      if (tcp) await new Promise<void>((resolve) => tcp?.close(() => resolve()));
      tcp?.closeAllConnections();
      server.closeAllConnections();
      await lease.release();
    },
  };
}

function listenTcp(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, whatever the machine's interfaces: nothing beyond this host can connect.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
