// MCP tool-call latency (issue 16, acceptance point 5): list_processes and search_logs over a 1M-line log.
//
// 1. The real CLI over stdio. Per corpus, a fresh temporary project: `flood` prints BENCH_FLOOD_LINES (1M) corpus
//    lines (bench/corpora/gen.mjs) then `flood done`, next to five idle processes; an agent-like Client
//    (StdioClientTransport) spawns `node bin/brum.js mcp -C DIR`, which finds no brum there and runs the project
//    itself (BENCH_MODES=bridge instead bridges to a `brum run` of the project). Once the flood is in, one call after
//    another, interleaved round by round (the order rotated each round), after a warm-up of each:
//      mcp    the tool call through brum mcp (Client → stdio → McpServer → BrumTools → the control API → back);
//      api    floor 1: the same API request the tool makes (GET /v1/processes, GET /v1/search?…) on the control
//             socket, from this process, body parsed: the API alone, no MCP;
//      echo   floor 2: the same tool (name, input and output schemas) on a trivial McpServer over stdio (this file
//             run with --echo-server) that answers brum's own answer, stored: the SDK's and stdio's share for the
//             same bytes, no brum.
//    brum keeps the newest 50,000 lines of a process by default (16 MB) and 200,000 in the merged view, so a search
//    over the flood scans what is kept: searches with name=flood scan 50,000 lines, those without scan the merged view.
// 2. In process, a store that keeps all 1M lines (LogStore caps raised), so a search really scans a million lines:
//    search_logs through an McpServer over the SDK's in-memory transport, against GET /v1/search on the socket and
//    a direct call of `search()` on the LogStore (floor: the scan alone).
//
// Searches: `none` (a text no line of flood holds: its whole view is scanned, the worst case), `none-all` (the same
// over all processes: the merged view), `regex` (a regex few lines match: a full scan too), `common` (a word most
// lines hold: the newest 50 are found at once, truncated).
//
// Env: BENCH_CORPORA (default plain,json), BENCH_FLOOD_LINES (1,000,000), BENCH_ROUNDS (list_processes rounds, 300),
// BENCH_SEARCH_ROUNDS (60), BENCH_MODES (own,bridge; default own), BENCH_SECTIONS (stdio,inprocess; default both),
// BENCH_BRUM=/path/to/bin/brum.js (default this tree's).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CORPUS_NAMES, type CorpusName } from '../corpora/corpora.mjs';
import { ApiClient } from '../../src/control/api-client';
import { startInstance } from '../../src/control/instance';
import { instancePaths } from '../../src/control/instance-paths';
import { search } from '../../src/logs/search';
import { inputs, outputs } from '../../src/mcp/schemas';
import { createMcpServer } from '../../src/mcp/server';
import { BrumTools } from '../../src/mcp/tools';
import { createBrum } from '../../src/runtime/brum';
import { fmt } from '../lib/measure';
import { chosenCorpora, printTable } from '../lib/table';
import { apiGet, pollUntil } from '../lib/api';
import { reportLeftovers } from '../lib/leftovers';

// ---------------------------------------------------------------------------------------------------------------
// --echo-server FILE: floor 2, a trivial MCP server with brum's tool definitions that answers stored answers.

interface Stored {
  text: string;
  structured: Record<string, unknown>;
}

if (process.argv[2] === '--echo-server') {
  const answers = JSON.parse(readFileSync(process.argv[3] as string, 'utf8')) as Record<string, Stored>;
  const reply = (key: string) => {
    const a = answers[key];
    if (!a) return { content: [{ type: 'text' as const, text: `no stored answer for ${key}` }], isError: true };
    return { content: [{ type: 'text' as const, text: a.text }], structuredContent: a.structured };
  };
  const server = new McpServer({ name: 'echo', version: '0.0.0' });
  server.registerTool('list_processes', { description: 'echo', inputSchema: inputs.none, outputSchema: outputs.list }, () => reply('list_processes'));
  server.registerTool('search_logs', { description: 'echo', inputSchema: inputs.searchLogs, outputSchema: outputs.search }, (args) =>
    reply(`search_logs ${args.pattern}`),
  );
  await server.connect(new StdioServerTransport());
  process.stdin.once('end', () => process.exit(0));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 1_000_000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
  const SEARCH_ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 60);
  const WARMUP = 15;
  const CORPORA: CorpusName[] = process.env.BENCH_CORPORA ? chosenCorpora(CORPUS_NAMES) : ['plain', 'json'];
  const MODES = (process.env.BENCH_MODES ?? 'own').split(',').map((s) => s.trim());
  for (const m of MODES) if (m !== 'own' && m !== 'bridge') throw new Error(`BENCH_MODES: unknown ${m}`);
  const SECTIONS = (process.env.BENCH_SECTIONS ?? 'stdio,inprocess').split(',').map((s) => s.trim());
  const IDLE = 5;

  const ROOT = process.cwd();
  const BIN = path.resolve(process.env.BENCH_BRUM ?? path.join(ROOT, 'bin/brum.js'));
  const GEN = path.join(ROOT, 'bench/corpora/gen.mjs');
  const NODE = process.execPath;
  const SELF = process.argv[1] as string;
  // Every command line of the bench's processes holds this folder's name: how leftovers are found at the end.
  const TMP = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-mcp-'));
  const RUNTIME = path.join(TMP, 'rt');
  mkdirSync(RUNTIME, { mode: 0o700 });
  const ENV = { ...(process.env as Record<string, string>), BRUM_RUNTIME_DIR: RUNTIME };
  const failures: string[] = [];

  /** Nearest-rank percentile (0..100). */
  const percentile = (xs: readonly number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  };
  const ms = (x: number): string => (Number.isNaN(x) ? '–' : x < 10 ? fmt(x, 2) : x < 100 ? fmt(x, 1) : fmt(x));
  const ratio = (a: number, b: number): string => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

  /** The searches, per corpus: a text no line holds, a regex few lines match, a word most lines hold. */
  // A type, not an interface: it must pass as a tool's arguments (Record<string, unknown>).
  type SearchArgs = { pattern: string; name?: string; regex?: boolean; limit?: number };
  const SEARCHES: Record<string, Record<'none' | 'none-all' | 'regex' | 'common', SearchArgs>> = {
    plain: {
      none: { pattern: 'no line says this', name: 'flood' },
      'none-all': { pattern: 'no line says that' },
      regex: { pattern: 'took=99\\dms', regex: true, name: 'flood' },
      common: { pattern: 'INFO', name: 'flood' },
    },
    json: {
      none: { pattern: 'no line says this', name: 'flood' },
      'none-all': { pattern: 'no line says that' },
      regex: { pattern: '"responseTime":99\\d,', regex: true, name: 'flood' },
      common: { pattern: 'request completed', name: 'flood' },
    },
  };
  const searchesOf = (corpus: string): Record<string, SearchArgs> =>
    SEARCHES[corpus] ?? {
      none: { pattern: 'no line says this', name: 'flood' },
      'none-all': { pattern: 'no line says that' },
      regex: { pattern: '9{6}', regex: true, name: 'flood' },
      common: { pattern: 'e', name: 'flood' },
    };
  /** The API request search_logs makes for these arguments (see BrumTools.searchLogs). */
  const searchQuery = (a: SearchArgs): string =>
    `/v1/search?${new URLSearchParams({ pattern: a.pattern, ...(a.name !== undefined ? { name: a.name } : {}), regex: a.regex ? '1' : '0', limit: String(a.limit ?? 50) }).toString()}`;


  const waitFor = <T>(what: string, check: () => T | null | Promise<T | null>, timeoutMs = 180_000, everyMs = 50): Promise<T> =>
    pollUntil(what, check, timeoutMs, everyMs);

  async function stdioClient(args: string[]): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
    const transport = new StdioClientTransport({ command: NODE, args, env: ENV, stderr: 'pipe' });
    let err = '';
    transport.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const client = new Client({ name: 'bench', version: '0.0.0' });
    await client.connect(transport);
    return { client, transport, stderr: () => err };
  }

  async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<Stored> {
    const r = await client.callTool({ name, arguments: args });
    const text = (r.content as Array<{ text: string }>)[0]?.text ?? '';
    if (r.isError) throw new Error(`${name} ${JSON.stringify(args)}: ${text}`);
    return { text, structured: r.structuredContent as Record<string, unknown> };
  }

  let projects = 0;
  function project(corpus: CorpusName): string {
    const dir = path.join(TMP, `p${++projects}-${corpus}`);
    mkdirSync(dir);
    const idle = `node -e "setInterval(() => {}, 1 << 30)" ${JSON.stringify(dir)}`;
    const yaml = [
      'processes:',
      '  flood:',
      `    command: ${JSON.stringify(`node '${GEN}' ${corpus} ${LINES} --done '${dir}'`)}`,
      ...Array.from({ length: IDLE }, (_, i) => [`  idle${i + 1}:`, `    command: ${JSON.stringify(idle)}`]).flat(),
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'brum.yaml'), yaml);
    return dir;
  }

  // -------------------------------------------------------------------------------------------------------------
  // 1. stdio

  type Runner = 'mcp' | 'api' | 'echo';
  const RUNNERS: Runner[] = ['mcp', 'api', 'echo'];
  const results = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  const add = (key: string, x: number): void => void results.set(key, [...(results.get(key) ?? []), x]);
  const retained: string[] = [];

  async function stdioSession(corpus: CorpusName, mode: string): Promise<void> {
    const dir = project(corpus);
    const paths = instancePaths(dir, ENV);
    let run: ChildProcess | null = null;
    if (mode === 'bridge') {
      run = spawn(NODE, [BIN, 'run', '-C', dir, '--no-color'], { stdio: ['ignore', 'ignore', 'pipe'], env: ENV });
      await waitFor('brum run\'s API', async () => {
        try {
          return (await apiGet(paths.socket, readFileSync(paths.token, 'utf8').trim(), '/v1/health')).status === 200 ? true : null;
        } catch {
          return null;
        }
      });
    }
    const t0 = performance.now();
    const brum = await stdioClient([BIN, 'mcp', '-C', dir]);
    let echo: Awaited<ReturnType<typeof stdioClient>> | null = null;
    try {
      // The flood is in once flood has exited and its last line is the done line.
      await waitFor('the flood to be in', async () => {
        const p = (await callTool(brum.client, 'list_processes', {})).structured.processes as Array<{ name: string; status: string; lines: number }>;
        return p.find((x) => x.name === 'flood')?.status === 'exited' ? true : null;
      }, 600_000, 200);
      const floodS = (performance.now() - t0) / 1000;
      const token = readFileSync(paths.token, 'utf8').trim();
      // What the store kept: from the oldest line a read from the start gets to the newest (only flood prints).
      const kept = async (name?: string): Promise<number> => {
        const view = name ? { name } : {};
        const first = (await callTool(brum.client, 'read_logs', { ...view, after: 0, limit: 1 })).structured.lines as Array<{ seq: number }>;
        const last = (await callTool(brum.client, 'read_logs', { ...view, limit: 1 })).structured.lines as Array<{ seq: number }>;
        return (last[0]?.seq ?? 0) - (first[0]?.seq ?? 0) + 1;
      };
      retained.push(`${corpus}/${mode}: the ${fmt(LINES)}-line flood was in ${floodS.toFixed(1)} s after brum mcp was spawned; kept ${fmt(await kept('flood'))} lines of flood, ${fmt(await kept())} in the merged view`);

      // The calls, and brum's answers stored for the echo server.
      const searches = searchesOf(corpus);
      const calls: Array<{ key: string; tool: string; args: SearchArgs | Record<string, never>; route: string; rounds: number }> = [
        { key: 'list_processes', tool: 'list_processes', args: {}, route: '/v1/processes', rounds: ROUNDS },
        ...Object.entries(searches).map(([k, args]) => ({ key: `search_logs ${k}`, tool: 'search_logs', args, route: searchQuery(args), rounds: SEARCH_ROUNDS })),
      ];
      const stored: Record<string, Stored> = {};
      for (const c of calls) {
        const a = await callTool(brum.client, c.tool, c.args);
        stored[c.tool === 'list_processes' ? 'list_processes' : `search_logs ${String(c.args.pattern)}`] = a;
        bytes.set(`${corpus}/${c.key}`, JSON.stringify(a).length);
        if (c.key === 'search_logs common' && a.structured.truncated !== true) failures.push(`${corpus}: the common search was not truncated`);
      }
      const file = path.join(dir, 'answers.json');
      writeFileSync(file, JSON.stringify(stored));
      echo = await stdioClient([SELF, '--echo-server', file]);

      const once = async (runner: Runner, c: (typeof calls)[number]): Promise<number> => {
        const t = performance.now();
        if (runner === 'api') {
          const r = await apiGet(paths.socket, token, c.route);
          if (r.status !== 200) throw new Error(`${c.route}: ${r.status} ${r.body}`);
          JSON.parse(r.body);
        } else {
          await callTool(runner === 'mcp' ? brum.client : (echo as { client: Client }).client, c.tool, c.args);
        }
        return performance.now() - t;
      };
      for (const c of calls) {
        for (let i = 0; i < WARMUP; i++) for (const r of RUNNERS) await once(r, c);
        for (let round = 0; round < c.rounds; round++) {
          for (let k = 0; k < RUNNERS.length; k++) {
            const r = RUNNERS[(round + k) % RUNNERS.length] as Runner;
            add(`${corpus}/${mode}/${c.key}/${r}`, await once(r, c));
          }
        }
      }
    } finally {
      const closing = performance.now();
      await brum.client.close();
      retained.push(`${corpus}/${mode}: client.close() → brum mcp gone in ${fmt(performance.now() - closing)} ms${brum.stderr() ? `; its stderr: ${brum.stderr()}` : ''}`);
      await echo?.client.close();
      if (run) {
        run.kill('SIGTERM');
        await new Promise((r) => run?.once('exit', r));
      }
    }
  }

  function stdioTable(): void {
    console.log('\nlatency per call, ms; × = ratio of the same percentile to floor 1 (the API alone) and floor 2 (the SDK alone):');
    const rows: string[][] = [];
    for (const corpus of CORPORA) {
      for (const mode of MODES) {
        for (const key of ['list_processes', 'search_logs none', 'search_logs none-all', 'search_logs regex', 'search_logs common']) {
          const get = (r: Runner) => results.get(`${corpus}/${mode}/${key}/${r}`) ?? [];
          const api = get('api');
          const echo = get('echo');
          for (const r of RUNNERS) {
            const xs = get(r);
            rows.push([
              `${corpus} ${key}`,
              r === 'mcp' ? `brum mcp (${mode})` : r === 'api' ? 'API on the socket (floor 1)' : 'echo MCP server (floor 2)',
              fmt(xs.length),
              ms(percentile(xs, 50)),
              ms(percentile(xs, 95)),
              ms(xs.length ? Math.max(...xs) : NaN),
              r === 'api' ? '' : `${ratio(percentile(xs, 50), percentile(api, 50))} / ${ratio(percentile(xs, 95), percentile(api, 95))}`,
              r === 'echo' ? '' : `${ratio(percentile(xs, 50), percentile(echo, 50))} / ${ratio(percentile(xs, 95), percentile(echo, 95))}`,
              r === 'mcp' ? fmt(bytes.get(`${corpus}/${key}`) ?? NaN) : '',
            ]);
          }
        }
      }
    }
    printTable(['corpus call', 'runner', 'n', 'p50', 'p95', 'max', '× API p50 / p95', '× echo p50 / p95', 'answer bytes'], rows);
  }

  // -------------------------------------------------------------------------------------------------------------
  // 2. in process, all 1M lines kept

  async function inProcess(corpus: CorpusName): Promise<void> {
    const dir = path.join(TMP, `inproc-${corpus}`);
    mkdirSync(dir);
    const big = 1024 * 1024 * 1024;
    const brum = createBrum({
      defs: [{ id: 'flood', name: 'flood', command: 'gen.mjs', cwd: dir, launch: { kind: 'file', file: NODE, args: [GEN, corpus, String(LINES), '--done', dir] } }],
      logs: { maxLinesPerProcess: 2 * LINES, maxBytesPerProcess: big, maxMergedLines: 2 * LINES, maxMergedBytes: big },
    });
    const instance = await startInstance(brum, { projectDir: dir, version: 'bench', onLost: () => undefined, env: ENV });
    const server = createMcpServer(new BrumTools(ApiClient.connect(dir, ENV)));
    const client = new Client({ name: 'bench', version: '0.0.0' });
    const [c, s] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(s), client.connect(c)]);
    try {
      const t0 = performance.now();
      await brum.controls.start('flood');
      await waitFor('the flood to be in', () => (brum.store.getState().processes.flood?.status === 'exited' ? true : null), 600_000, 100);
      const lines = brum.store.getState().logs.flood?.lines ?? 0;
      retained.push(`${corpus}/in-process: ${fmt(lines)} lines kept of ${fmt(lines)} (flood in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      if (lines < LINES) failures.push(`in-process ${corpus}: only ${lines} lines kept`);
      const token = instance.token;
      type R = 'mcp' | 'api' | 'search';
      const runners: R[] = ['mcp', 'api', 'search'];
      for (const [key, args] of Object.entries(searchesOf(corpus)).filter(([k]) => k !== 'none-all')) {
        const once = async (r: R): Promise<number> => {
          const t = performance.now();
          if (r === 'mcp') await callTool(client, 'search_logs', args);
          else if (r === 'api') JSON.parse((await apiGet(instance.socket, token, searchQuery(args))).body);
          else {
            const res = search(brum.logs, { query: String(args.pattern), regex: args.regex === true, proc: 'flood', limit: 50 });
            if (!res.ok) throw new Error(res.error);
          }
          return performance.now() - t;
        };
        for (let i = 0; i < 3; i++) for (const r of runners) await once(r);
        for (let round = 0; round < Math.max(10, Math.round(SEARCH_ROUNDS / 2)); round++) {
          for (let k = 0; k < runners.length; k++) {
            const r = runners[(round + k) % runners.length] as R;
            add(`${corpus}/inproc/${key}/${r}`, await once(r));
          }
        }
      }
    } finally {
      await client.close();
      await server.close();
      await brum.controls.stopAll();
      await brum.supervisor.settled();
      await instance.close();
      await brum.close();
    }
  }

  function inProcessTable(): void {
    console.log(`\nin process, every one of the ${fmt(LINES)} lines kept: search_logs over the whole log, ms; × = ratio to the bare search():`);
    const rows: string[][] = [];
    for (const corpus of CORPORA) {
      for (const key of ['none', 'regex', 'common']) {
        const get = (r: string) => results.get(`${corpus}/inproc/${key}/${r}`) ?? [];
        const bare = get('search');
        for (const r of ['mcp', 'api', 'search']) {
          const xs = get(r);
          rows.push([
            `${corpus} search_logs ${key}`,
            r === 'mcp' ? 'MCP (in-memory transport)' : r === 'api' ? 'API on the socket' : 'search() on the LogStore (floor)',
            fmt(xs.length),
            ms(percentile(xs, 50)),
            ms(percentile(xs, 95)),
            ms(xs.length ? Math.max(...xs) : NaN),
            r === 'search' ? '' : `${ratio(percentile(xs, 50), percentile(bare, 50))} / ${ratio(percentile(xs, 95), percentile(bare, 95))}`,
          ]);
        }
      }
    }
    printTable(['corpus call', 'runner', 'n', 'p50', 'p95', 'max', '× search() p50 / p95'], rows);
  }

  // -------------------------------------------------------------------------------------------------------------

  /** Processes whose command line names the temporary folder: whatever a run left behind. */

  const started = performance.now();
  console.log(`brum: ${BIN}; corpora ${CORPORA.join(', ')}; ${fmt(LINES)}-line floods; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    if (SECTIONS.includes('stdio')) {
      console.log(
        `\n1. tool calls over stdio to \`brum mcp\` (${MODES.join(', ')}), ${fmt(ROUNDS)} rounds of list_processes and ${fmt(SEARCH_ROUNDS)} of each search, interleaved with the floors:`,
      );
      for (const corpus of CORPORA) {
        for (const mode of MODES) {
          try {
            await stdioSession(corpus, mode);
          } catch (error) {
            failures.push(`stdio ${corpus} ${mode}: ${(error as Error).message}`);
          }
        }
      }
      stdioTable();
    }
    if (SECTIONS.includes('inprocess')) {
      for (const corpus of CORPORA) {
        try {
          await inProcess(corpus);
        } catch (error) {
          failures.push(`in-process ${corpus}: ${(error as Error).message}`);
        }
      }
      inProcessTable();
    }
    console.log('');
    for (const line of retained) console.log(line);
    for (const corpus of CORPORA) {
      console.log(`${corpus} searches: ${Object.entries(searchesOf(corpus)).map(([k, a]) => `${k} = ${JSON.stringify(a)}`).join('; ')}`);
    }
  } finally {
    const left = await reportLeftovers(path.basename(TMP), 3000);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; total ${fmt((performance.now() - started) / 1000)} s`);
    rmSync(TMP, { recursive: true, force: true });
    for (const f of failures) console.log(`failed: ${f}`);
    if (failures.length > 0 || left.length > 0) process.exitCode = 1;
  }
}
