import type { ProcessView } from '../../control/views';
import { clientFor, ok, print, printJson, withCwd, type RemoteEnv } from './remote';

/** `brum ps`: the running instance's processes, as a table like the TUI's rows or as versioned JSON. */
export function registerPs(env: RemoteEnv): void {
  const cmd = withCwd(env.program.command('ps'))
    .description('list the processes of the brum running in this project')
    .option('--json', 'machine-readable output ({"v":1,"processes":[…]})');
  cmd.action((o: { cwd?: string; json?: boolean }) => {
    env.setCode(
      (async () => {
        const body = ok(await clientFor(env.cwdOf(cmd, o.cwd)).get('/v1/processes'));
        if (o.json) printJson(body);
        else print(psTable(body.processes as ProcessView[]));
        return 0;
      })(),
    );
  });
}

export function psTable(processes: readonly ProcessView[], now = Date.now()): string {
  const rows = processes.map((p) => [
    p.name,
    p.status,
    p.pid === null ? '' : String(p.pid),
    p.startedAt === null ? '' : uptime(p, now),
    p.restarts > 0 ? String(p.restarts) : '',
    p.signal ?? (p.exitCode === null ? '' : String(p.exitCode)),
    note(p),
  ]);
  const head = ['NAME', 'STATUS', 'PID', 'UPTIME', '↻', 'EXIT', 'URL · STATE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function note(p: ProcessView): string {
  const parts = [p.urls[0] ?? ''];
  if (p.status === 'waiting') parts.push(`waiting for ${p.waitingFor ?? 'dependencies'}`);
  else if (p.status === 'failed' || p.status === 'restarting') parts.push(p.reason ?? '');
  else if (p.ready === false) parts.push(p.reason ?? 'not ready yet');
  else if (p.readyMs !== null) parts.push(`ready in ${(p.readyMs / 1000).toFixed(1)} s`);
  if (p.errors > 0) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.watch === 'paused' || p.watch === 'suspended') parts.push(`watch ${p.watch}`);
  return parts.filter((s) => s !== '').join(' · ');
}

function uptime(p: ProcessView, now: number): string {
  const end = p.endedAt !== null && p.status !== 'running' ? Date.parse(p.endedAt) : now;
  const s = Math.max(0, Math.floor((end - Date.parse(p.startedAt ?? '')) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
