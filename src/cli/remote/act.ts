import type { ProcessView } from '../../control/views';
import { clientFor, ok, print, withCwd, type RemoteEnv } from './remote';

/**
 * `brum start|stop|restart NAME…`: asks the running brum, and returns once each process got there (running and
 * ready, or down), unless --no-wait. Exit 1 when one did not (it failed, or the timeout passed).
 */
export function registerActions(env: RemoteEnv): void {
  for (const action of ['start', 'stop', 'restart'] as const) {
    const cmd = withCwd(env.program.command(action))
      .description(`${action} processes of the brum running in this project (waits until done)`)
      .argument('[names...]', 'process names (none: run the script or process named "' + action + '", as brum ' + action + ' always did)')
      .option('--no-wait', 'return at once instead of waiting for the state')
      .option('--timeout <ms>', 'how long to wait at most', '60000');
    cmd.action((names: string[], o: { cwd?: string; wait: boolean; timeout: string }) => {
      // `brum start` alone is the project's "start" script (the most common script name there is), not a command
      // for a running brum, which always needs names.
      if (names.length === 0) return env.runScript(action);
      env.setCode(
        (async () => {
          const client = clientFor(env.cwdOf(cmd, o.cwd));
          const query = { wait: o.wait ? '1' : '0', timeout: o.timeout };
          // Checked one by one first, so an unknown name stops everything before anything is done.
          for (const name of names) ok(await client.get(`/v1/processes/${encodeURIComponent(name)}`));
          const results = await Promise.all(names.map(async (name) => ok(await client.post(`/v1/processes/${encodeURIComponent(name)}/${action}`, query))));
          let code = 0;
          for (const body of results) {
            const p = body.process as ProcessView;
            if (body.reached === false && o.wait) code = 1;
            print(outcome(p, o.wait ? body.reached === true : null));
          }
          return code;
        })(),
      );
    });
  }
}

function outcome(p: ProcessView, reached: boolean | null): string {
  const state = p.status === 'failed' ? `failed: ${p.reason ?? 'unknown reason'}` : p.status;
  const ready = p.readyMs !== null && p.status === 'running' ? ` (ready in ${(p.readyMs / 1000).toFixed(2)} s)` : '';
  const tail = reached === false ? ' (not reached before the timeout, or it ended otherwise)' : '';
  return `${p.name} ${state}${ready}${tail}`;
}
