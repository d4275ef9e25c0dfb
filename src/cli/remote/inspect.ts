import { clientFor, ok, print, printJson, withCwd, type RemoteEnv } from './remote';

interface ErrorView {
  readonly name: string;
  readonly message: string;
  readonly location: { file: string; line?: number; col?: number } | null;
}

/** `brum errors`, `brum urls` and `brum search`: what the running brum detected or holds, without following. */
export function registerInspect(env: RemoteEnv): void {
  const errors = withCwd(env.program.command('errors')).description('errors detected in the logs of the running brum').option('--json', 'machine-readable output');
  errors.action((o: { cwd?: string; json?: boolean }) => {
    env.setCode(
      (async () => {
        const body = ok(await clientFor(env.cwdOf(errors, o.cwd)).get('/v1/errors'));
        if (o.json) printJson(body);
        else {
          const list = body.errors as ErrorView[];
          print(list.length === 0 ? 'no errors' : list.map((e) => `[${e.name}] ${e.message}${e.location ? `  (${where(e.location)})` : ''}`).join('\n'));
        }
        return 0;
      })(),
    );
  });

  const urls = withCwd(env.program.command('urls')).description('URLs the processes of the running brum printed').option('--json', 'machine-readable output');
  urls.action((o: { cwd?: string; json?: boolean }) => {
    env.setCode(
      (async () => {
        const body = ok(await clientFor(env.cwdOf(urls, o.cwd)).get('/v1/urls'));
        const list = body.urls as Array<{ name: string; url: string }>;
        if (o.json) printJson(body);
        else print(list.length === 0 ? 'no URLs yet' : list.map((u) => `[${u.name}] ${u.url}`).join('\n'));
        return 0;
      })(),
    );
  });

  const search = withCwd(env.program.command('search'))
    .description('search the logs of the running brum (text, or a regex with --regex)')
    .argument('<pattern>')
    .argument('[names...]', 'process names (default: all)')
    .option('--regex', 'PATTERN is a JavaScript regular expression')
    .option('-n, --limit <n>', 'most matches (newest)', '100')
    .option('--json', 'machine-readable output');
  search.action((pattern: string, names: string[], o: { cwd?: string; regex?: boolean; limit: string; json?: boolean }) => {
    env.setCode(
      (async () => {
        const body = ok(await clientFor(env.cwdOf(search, o.cwd)).get('/v1/search', { pattern, name: names, regex: o.regex ? '1' : '0', limit: o.limit }));
        const matches = body.matches as Array<{ seq: number; name: string; text: string }>;
        if (o.json) printJson(body);
        else if (matches.length > 0) print(matches.map((m) => `[${m.name}] ${m.text}`).join('\n'));
        // grep's habit: nothing found is exit 1, so scripts can test for it.
        return matches.length > 0 ? 0 : 1;
      })(),
    );
  });
}

function where(l: { file: string; line?: number; col?: number }): string {
  return [l.file, l.line, l.col].filter((x) => x !== undefined).join(':');
}
