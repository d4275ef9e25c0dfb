import type { LineView } from '../../control/views';
import { UserError } from '../../user-error';
import { clientFor, ok, print, withCwd, type RemoteEnv } from './remote';

/** How often `brum logs -f` asks for new lines: often enough to feel live, rare enough to cost nothing. */
const FOLLOW_POLL_MS = 100;
/** Lines per request while following: a flood is read in big bites. */
const FOLLOW_BATCH = 10_000;

/**
 * `brum logs [NAME…]`: a bounded tail (100 lines unless -n says otherwise), or the lines after a cursor; `-f`
 * follows by cursor until Ctrl-C, and says how many lines the ring evicted before they could be read.
 */
export function registerLogs(env: RemoteEnv): void {
  const cmd = withCwd(env.program.command('logs'))
    .description('print the logs of the brum running in this project (bounded; -f follows)')
    .argument('[names...]', 'process names (default: all, merged)')
    .option('-n, --lines <n>', 'how many lines', '100')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--after <seq>', 'only lines after this cursor (a seq from --json output)')
    .option('--json', 'one JSON object per line: {seq, name, stream, ts, text}');
  cmd.action((names: string[], o: { cwd?: string; lines: string; follow?: boolean; after?: string; json?: boolean }) => {
    env.setCode(follow(env.cwdOf(cmd, o.cwd), names, o));
  });
}

async function follow(cwd: string, names: string[], o: { lines: string; follow?: boolean; after?: string; json?: boolean }): Promise<number> {
  if (!/^\d+$/.test(o.lines) || Number(o.lines) < 1) throw new UserError(`-n takes a number of lines, not "${o.lines}". Example: brum logs -n 50`);
  const client = clientFor(cwd);
  const prefix = names.length !== 1;
  const show = (lines: readonly LineView[]): void => {
    if (lines.length === 0) return;
    const text = lines.map((l) => (o.json ? JSON.stringify(l) : prefix ? `[${l.name}] ${l.text}` : l.text)).join('\n');
    print(text);
  };
  const first = ok(await client.get('/v1/logs', { name: names, limit: String(Math.min(Number(o.lines), 10_000)), after: o.after }));
  show(first.lines as LineView[]);
  if (!o.follow) return 0;
  let cursor = first.next as number;
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  while (!stopped) {
    const body = ok(await client.get('/v1/logs', { name: names, after: String(cursor), limit: String(FOLLOW_BATCH) }));
    const missed = body.missed as number;
    if (missed > 0) process.stderr.write(`[brum] ${missed} line${missed === 1 ? '' : 's'} evicted before they could be read\n`);
    show(body.lines as LineView[]);
    cursor = body.next as number;
    if ((body.lines as LineView[]).length < FOLLOW_BATCH) await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
  return 0;
}
