import { Command, CommanderError, Option } from 'commander';
import path from 'node:path';
import { isatty } from 'node:tty';
import { checkReportPath } from '../headless/report';
import { brumFileJsonSchema } from '../project/brum-file-json-schema';
import { isUserError, UserError } from '../user-error';
import { parseApiPort, parseKillTimeout, parseSuccess, type RunFlags } from './commands';
import { listRunnableJson, listRunnableText } from './listing';
import { loadRunnable, planRun } from '../project/runnable';
import { VERSION } from '../version';
import { registerActions } from './remote/act';
import { registerInspect } from './remote/inspect';
import { registerLogs } from './remote/logs';
import { registerPs } from './remote/ps';
import type { RemoteEnv } from './remote/remote';
import { exitWith, printError } from './exit';
import { runHeadlessCommand } from './run-headless';
import { runTuiCommand, type TuiImporter } from './run-tui-command';
import type { McpModule } from './tui-contract';
import { DEFAULT_KILL_TIMEOUT_MS } from '../runtime/supervisor';
import type { SuccessCondition } from '../policies/success';


interface RunOptions {
  cwd?: string;
  file?: string;
  apiPort?: number;
  cmd: string[];
  killOthers?: boolean;
  killOthersOnFail?: boolean;
  killTimeout: number;
  color: boolean;
  report?: string;
  success: SuccessCondition;
}

function runOptions(cmd: Command): Command {
  return cmd
    .option('-C, --cwd <dir>', 'project folder (default: the current folder)')
    .option('-f, --file <path>', 'the project file (default: brum.yaml, brum.yml or Procfile in the project folder)')
    .option('--cmd <command>', 'add an ad-hoc shell command (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--kill-others', 'when one process exits, stop the others')
    .option('--kill-others-on-fail', 'when one process fails, stop the others')
    .addOption(
      new Option('--kill-timeout <ms>', 'grace period before SIGKILL').argParser(parseKillTimeout).default(DEFAULT_KILL_TIMEOUT_MS),
    )
    .addOption(
      new Option('--success <condition>', 'which ending decides the exit code: all, first or last (headless)').argParser(parseSuccess).default('all'),
    )
    .addOption(new Option('--api-port <port>', 'also serve the control API on 127.0.0.1:PORT (token required)').argParser(parseApiPort))
    .option('--no-color', 'no colours in the output')
    .option('--report <file>', 'write a JSON report at exit');
}

function flagsOf(o: RunOptions): RunFlags {
  if (o.report !== undefined) checkReportPath(path.resolve(o.report));
  return {
    cmd: o.cmd,
    killOthers: o.killOthers === true,
    killOthersOnFail: o.killOthersOnFail === true,
    killTimeout: o.killTimeout,
    color: o.color,
    success: o.success,
    ...(o.report !== undefined ? { report: path.resolve(o.report) } : {}),
    ...(o.apiPort !== undefined ? { apiPort: o.apiPort } : {}),
  };
}

async function runCommand(names: string[], o: RunOptions & { cwd: string }): Promise<number> {
  const plan = planRun(o.cwd, names, o.cmd, o.file);
  if (plan.startIds.length === 0) {
    const known = plan.defs.map((d) => d.id).join(', ') || '(none)';
    const what = plan.runnable?.file ? 'a process (every one has autostart: false)' : 'a script (brum run dev)';
    throw new UserError(`nothing to run. Name ${what} or pass --cmd "…". Available: ${known}`);
  }
  return runHeadlessCommand(plan, flagsOf(o));
}

/** Loads the MCP bundle (dist/mcp.cjs): the launcher does, only for `brum mcp`. */
export type McpImporter = () => Promise<McpModule>;

export function buildProgram(setCode: (p: Promise<number>) => void, importTui: TuiImporter, importMcp: McpImporter): Command {
  const program = new Command('brum')
    .description('Run, watch and restart your project scripts from one terminal.')
    .version(VERSION, '-v, --version')
    .argument('[names...]', 'scripts to start (wildcards like dev:* work)')
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it, so `brum run --cmd x` is not read as the root's --cmd.
    .enablePositionalOptions()
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  runOptions(program).action((names: string[], o: RunOptions) => {
    setCode(defaultCommand(names, o, importTui));
  });
  // Options typed before the subcommand count too (`brum -C dir --cmd x run` = `brum run -C dir --cmd x`), or
  // they would be dropped without a word: the subcommand's own win, and the repeatable --cmd collects both.
  const withRoot = <T extends { cwd?: string }>(sub: Command, o: T): T & { cwd: string } => {
    const merged: Record<string, unknown> = { ...o };
    const root = program.opts<Record<string, unknown>>();
    for (const option of sub.options) {
      const key = option.attributeName();
      if (program.getOptionValueSource(key) !== 'cli') continue;
      if (key === 'cmd') merged[key] = [...(root[key] as string[]), ...(o as { cmd?: string[] }).cmd ?? []];
      else if (sub.getOptionValueSource(key) !== 'cli') merged[key] = root[key];
    }
    return { ...(merged as T), cwd: (merged.cwd as string | undefined) ?? '.' };
  };
  const run = program.command('run').description('run scripts headless with prefixed output').argument('[names...]');
  runOptions(run).action((names: string[], o: RunOptions) => setCode(runCommand(names, withRoot(run, o))));
  const ls = program.command('ls');
  ls
    .description('list what brum can run: each process with its source, dependencies, probe and restart policy')
    .option('-C, --cwd <dir>', 'project folder (default: the current folder)')
    .option('-f, --file <path>', 'the project file')
    .option('--json', 'machine-readable output')
    .action((raw: { cwd?: string; file?: string; json?: boolean }) => {
      const o = withRoot(ls, raw);
      const runnable = loadRunnable(o.cwd, o.file);
      process.stdout.write(o.json ? listRunnableJson(runnable) : listRunnableText(runnable));
      setCode(Promise.resolve(0));
    });
  const check = program.command('check');
  check
    .description('validate the project file (exit 0 when it is valid, 2 with the problem when not)')
    .option('-C, --cwd <dir>', 'project folder (default: the current folder)')
    .option('-f, --file <path>', 'the project file')
    .action((raw: { cwd?: string; file?: string }) => {
      const o = withRoot(check, raw);
      const runnable = loadRunnable(o.cwd, o.file);
      if (runnable.file === null) throw new UserError(`no brum.yaml, brum.yml or Procfile in ${runnable.dir}. Pass one with -f FILE.`);
      const ids = runnable.file.defs.map((d) => d.id);
      process.stdout.write(`${runnable.file.path}: valid, ${ids.length} process${ids.length === 1 ? '' : 'es'} (${ids.join(', ')})\n`);
      setCode(Promise.resolve(0));
    });
  // The remote CLI: commands for the brum already running in this project, through its local API.
  const remote: RemoteEnv = {
    program,
    setCode,
    cwdOf: (_sub, own) => own ?? program.opts<{ cwd?: string }>().cwd ?? '.',
    runScript: (name) => setCode(defaultCommand([name], program.opts<RunOptions>(), importTui)),
  };
  registerPs(remote);
  registerActions(remote);
  registerLogs(remote);
  registerInspect(remote);
  const mcp = program.command('mcp');
  mcp
    .description('an MCP server on stdio for coding agents: bridges to the brum running here, or runs the project itself')
    .option('-C, --cwd <dir>', 'project folder (default: the current folder)')
    .option('-f, --file <path>', 'the project file (when brum mcp runs the project itself)')
    .addOption(new Option('--http <port>', 'also serve Streamable HTTP on 127.0.0.1:PORT (token required)').argParser(parseApiPort))
    .action((raw: { cwd?: string; file?: string; http?: number }) => {
      const o = withRoot(mcp, raw);
      setCode(
        importMcp().then((m) =>
          m.runMcp({ cwd: o.cwd, ...(o.file !== undefined ? { file: o.file } : {}), ...(o.http !== undefined ? { http: o.http } : {}) }),
        ),
      );
    });
  program
    .command('schema')
    .description('print the JSON schema of brum.yaml (for editors: # yaml-language-server: $schema=…)')
    .action(() => {
      process.stdout.write(JSON.stringify(brumFileJsonSchema(), null, 2) + '\n');
      setCode(Promise.resolve(0));
    });
  return program;
}

async function defaultCommand(names: string[], raw: RunOptions, importTui: TuiImporter): Promise<number> {
  const o = { ...raw, cwd: raw.cwd ?? '.' };
  // isatty, not process.stdout.isTTY: asking the stream builds it (~2–3 ms before the first spawn), and the TUI
  // builds it later anyway, while npm starts.
  const terminal = isatty(1) && isatty(0);
  if (terminal) return runTuiCommand(planRun(o.cwd, names, o.cmd, o.file), flagsOf(o), importTui);
  if (names.length === 0 && o.cmd.length === 0) {
    process.stdout.write(listRunnableText(loadRunnable(o.cwd, o.file)));
    return 0;
  }
  process.stderr.write('brum: not a terminal, so running headless (as `brum run`).\n');
  return runCommand(names, o);
}

async function main(argv: readonly string[], importTui: TuiImporter, importMcp: McpImporter): Promise<number> {
  let pending: Promise<number> = Promise.resolve(0);
  const program = buildProgram(
    (p) => {
      pending = p;
    },
    importTui,
    importMcp,
  );
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      const message = error.message.replace(/^error:\s*/, '');
      throw new UserError(`${message}${message.endsWith('.') ? '' : '.'} Run brum --help for usage.`);
    }
    throw error;
  }
  return pending;
}

/**
 * The CLI, as the launcher (src/cli/launch.ts) runs it. `importTui` loads the TUI bundle: the launcher does that
 * import, because this bundle runs from V8's code cache, where `import()` has no loader (see code-cache.ts).
 */
export function runCli(argv: readonly string[], importTui: TuiImporter, importMcp: McpImporter): void {
  main(argv, importTui, importMcp).then(
    (code) => exitWith(code),
    (error: unknown) => {
      if (isUserError(error)) {
        printError(error.message);
        return exitWith(2);
      }
      printError(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BRUM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      return exitWith(1);
    },
  );
}
