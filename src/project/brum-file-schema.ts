// Named imports from zod/mini, as in package-json.ts: the bundler keeps only what is used on the start-up path.
import {
  array,
  boolean,
  describe,
  enum as oneOf,
  gte,
  int,
  literal,
  lte,
  meta,
  minLength,
  nullable,
  number,
  optional,
  record,
  regex,
  strictObject,
  string,
  union,
} from 'zod/mini';
import type { $ZodRawIssue } from 'zod/v4/core';
import type { infer as Infer } from 'zod/mini';
import { DEPENDENCY_CONDITIONS, RESTART_MODES, type DependencyCondition, type RestartMode } from '../defs/process-def';
import { DEFAULT_TCP_HOST, PROBE_DEFAULTS, RESTART_DEFAULTS, STOP_DEFAULTS, WATCH_DEFAULTS } from './defaults';
import { DURATION_PATTERN } from './duration';
import { shown } from './issue-text';

/**
 * The shape of brum.yaml: what editors get as JSON Schema (schema/brum.schema.json) and what the loader checks
 * first. Objects are strict, so a misspelt key is found. What a schema cannot say with a useful position or message
 * (a known signal, a regex that compiles, an existing script or dependency, exactly one probe) is checked after it,
 * in brum-file.ts. Only portable patterns appear here: the checked-in JSON Schema must be the same on every OS.
 */

/** Letters, digits and `-_.:`; no leading `-` so that a name never reads as a flag on the command line. */
export const PROCESS_NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.:-]*$';
const HOST_PORT_PATTERN = '^(\\[[^\\]]+\\]|[^:\\s]+):\\d+$';

const DURATION_TEXT = 'a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds';

/** The message of a check that failed (a pattern, a bound), with the value that failed it. */
function checked(what: string) {
  return (issue: $ZodRawIssue): string => `expected ${what} (got ${shown(issue.input)})`;
}

/**
 * A schema-level message for a value of the wrong kind. It stays silent for a missing key (no input), which the
 * generic map in brum-file-issues.ts words, and for issues the schema does not raise about its own type.
 */
function expecting(what: string) {
  return (issue: $ZodRawIssue): string | undefined => {
    if (issue.input === undefined) return undefined;
    if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union' && issue.code !== 'invalid_value') return undefined;
    return `expected ${what} (got ${shown(issue.input)})`;
  };
}

const text = (description: string) => string().check(minLength(1), describe(description));

/** A string of a pattern, and what to call it when a value does not match. */
const matching = (source: string, what: string) => string().check(regex(new RegExp(source), { error: checked(what) }));

const duration = (description: string) =>
  union([number().check(gte(0, { error: checked(DURATION_TEXT) })), matching(DURATION_PATTERN, DURATION_TEXT)], {
    error: expecting(DURATION_TEXT),
  }).check(describe(description));

const processName = string().check(
  regex(new RegExp(PROCESS_NAME_PATTERN), { error: 'use letters, digits and - _ . : (starting with a letter, digit or _)' }),
);

// What an environment can hold as a name: not empty, no `=` (it ends the name), no NUL (it ends the entry).
const envName = matching('^[^=\\u0000]+$', 'a variable name without "="');

const envMap = (description: string) =>
  record(envName, union([string(), number(), boolean()], { error: expecting('a string, number or boolean') }), {
    error: expecting('a map of variable → value'),
  }).check(describe(description));

const envFiles = (description: string) =>
  union([string().check(minLength(1)), array(string().check(minLength(1)))], {
    error: expecting('a file path or a list of them'),
  }).check(describe(description));

const condition = oneOf(DEPENDENCY_CONDITIONS as [DependencyCondition, ...DependencyCondition[]]);

const DependencySchema = union(
  [
    condition.check(
      describe(
        'started: the process was spawned · ready: its probe passed (no probe: started) · succeeded: it exited 0 · ' +
          'exited: it exited with any code',
      ),
    ),
    strictObject({
      condition: optional(condition.check(describe('What must hold of the dependency (default started).'))),
      restart: optional(boolean().check(describe('Restart this process whenever the dependency restarts (default false).'))),
    }),
  ],
  { error: expecting(`${DEPENDENCY_CONDITIONS.join(' | ')}, or a map with condition and restart`) },
);

const DependsOnSchema = union([record(string(), DependencySchema), array(string().check(minLength(1)))], {
  error: expecting('a map of process → condition, or a list of process names'),
}).check(describe('Processes that must reach a condition before this one starts. A list means condition "started" for each.'));

const PORT_TEXT = 'a port number or "host:port"';
const p = PROBE_DEFAULTS;
const ProbeSchema = strictObject(
  {
    tcp: optional(
      union([int().check(gte(1), lte(65_535)), matching(HOST_PORT_PATTERN, PORT_TEXT)], { error: expecting(PORT_TEXT) }).check(
        describe(`Ready when this port accepts a connection: a port (on ${DEFAULT_TCP_HOST}) or "host:port".`),
      ),
    ),
    http: optional(text('Ready when a GET of this http(s) URL answers 2xx or 3xx.')),
    log: optional(text("Ready when a line of the process's output matches this regular expression (JavaScript syntax).")),
    exec: optional(text('Ready when this shell command exits 0.')),
    period: optional(duration(`Time between attempts (default ${p.periodMs}ms).`)),
    timeout: optional(duration(`How long after the start readiness may take before it fails (default ${p.timeoutMs / 1000}s).`)),
  },
  { error: expecting('a map with one of tcp, http, log or exec') },
).check(describe('How brum knows the process is ready: exactly one of tcp, http, log or exec.'));

const modes = RESTART_MODES as [RestartMode, ...RestartMode[]];
const MODES_TEXT = RESTART_MODES.join(' | ');
const r = RESTART_DEFAULTS;
const RestartSchema = union(
  [
    oneOf(modes).check(
      describe('no: never · on-failure: after a non-zero exit · always: after any exit. The short form uses the default backoff.'),
    ),
    literal(false).check(describe('The same as "no".')),
    strictObject({
      policy: union([oneOf(modes), literal(false)], { error: expecting(MODES_TEXT) }).check(describe(MODES_TEXT)),
      delay: optional(duration(`Delay before the first restart (default ${r.delayMs}ms).`)),
      factor: optional(number().check(gte(1), describe(`Each further delay is multiplied by this (default ${r.factor}).`))),
      max_delay: optional(duration(`The longest delay (default ${r.maxDelayMs / 1000}s).`)),
      jitter: optional(
        number().check(gte(0), lte(1), describe(`Random spread of each delay, a fraction of it from 0 to 1 (default ${r.jitter}).`)),
      ),
      max_restarts: optional(
        nullable(int().check(gte(0))).check(
          describe(`Give up after this many restarts in a row; null: never give up (default ${r.maxRestarts}).`),
        ),
      ),
      reset_after: optional(duration(`After this much uptime the restart count starts again (default ${r.resetAfterMs / 1000}s).`)),
    }),
  ],
  { error: expecting(`${MODES_TEXT}, or a map with policy, delay, factor, max_delay, jitter, max_restarts, reset_after`) },
).check(describe('Whether and how brum restarts the process when it exits (default no).'));

const s = STOP_DEFAULTS;
const StopSchema = strictObject(
  {
    // Not an enum: the signals differ between systems, and the checked-in JSON Schema must not.
    signal: optional(text(`The signal sent to the process group first, such as SIGINT or INT (default ${s.signal}).`)),
    timeout: optional(duration(`How long to wait after the signal before SIGKILL (default ${s.timeoutMs / 1000}s).`)),
  },
  { error: expecting('a map with signal and timeout') },
).check(describe('How brum stops the process.'));

// chokidar, which watches, takes no globs since version 4: `src/**/*.ts` would be a file of that name, never there.
// An empty list of paths is refused in brum-file-parts.ts: a minItems here would outgrow test/helpers/json-schema-check.
const watchPath = string().check(
  minLength(1),
  regex(/^[^*]*$/, {
    error: (issue) =>
      `${shown(issue.input)} is a glob: watch takes files and folders (a folder with everything in it); leave files out with ignore`,
  }),
);
const WATCH_PATH_TEXT = "A file or folder (watched with everything in it), relative to the process's cwd.";
const WATCH_PATHS_TEXT = "Files or folders (a folder is watched with everything in it), relative to the process's cwd.";
const w = WATCH_DEFAULTS;
const WatchSchema = union(
  [
    watchPath.check(describe(WATCH_PATH_TEXT)),
    array(watchPath).check(describe(WATCH_PATHS_TEXT)),
    strictObject({
      paths: union([watchPath, array(watchPath)], { error: expecting('a path or a list of paths') }).check(
        describe(WATCH_PATHS_TEXT),
      ),
      ignore: optional(
        union([string().check(minLength(1)), array(string().check(minLength(1)))], {
          error: expecting('a gitignore pattern or a list of them'),
        }).check(
          describe(
            'gitignore patterns of files whose changes do not count, such as "**/*.test.ts" or "dist/", on top of the ' +
              "default ignores and the project's .gitignore (default none).",
          ),
        ),
      ),
      debounce: optional(duration(`Quiet time after the last change before the restart (default ${w.debounceMs}ms; 0: at once).`)),
      cascade: optional(
        boolean().check(
          describe(`Also restart the processes that depend on this one with restart: true (default ${String(w.cascade)}).`),
        ),
      ),
    }),
  ],
  { error: expecting('a path, a list of paths, or a map with paths, ignore, debounce and cascade') },
).check(
  describe(
    'Restart the process when files change: a path, a list of paths, or a map with paths, ignore, debounce and cascade. ' +
      "Paths are relative to the process's cwd and need not exist yet.",
  ),
);

const ProcessSchema = strictObject(
  {
    command: optional(text('A shell command line. Exactly one of command or script.')),
    script: optional(
      text("A script of package.json (in cwd), run by the project's package manager. Exactly one of command or script."),
    ),
    cwd: optional(text("Working folder, relative to this file (default: this file's folder).")),
    env: optional(envMap("Environment variables, over the file's own env.")),
    env_file: optional(envFiles('Env files, relative to this file, read after the project-wide ones at every start.')),
    depends_on: optional(DependsOnSchema),
    ready: optional(ProbeSchema),
    restart: optional(RestartSchema),
    stop: optional(StopSchema),
    watch: optional(WatchSchema),
    autostart: optional(boolean().check(describe('Whether `brum run` with no names starts it (default true).'))),
  },
  { error: expecting('a map with command or script') },
).check(describe('One process: a command or a package.json script, and how to start, wait for, restart, stop and watch it.'));

export const BrumFileSchema = strictObject(
  {
    env_file: optional(envFiles('Env files for every process, relative to this file, read again at every start.')),
    env: optional(envMap('Environment variables for every process.')),
    processes: record(processName, ProcessSchema, { error: expecting('a map of process name → definition') }).check(
      describe('The processes, by name.'),
    ),
  },
  { error: expecting('a map with a "processes" key') },
).check(meta({ title: 'brum.yaml', description: 'The processes of a project, for brum (a dev-process runner).' }));

export type BrumFile = Infer<typeof BrumFileSchema>;
export type ProcessEntry = BrumFile['processes'][string];
export type DependsOnEntry = Infer<typeof DependsOnSchema>;
export type ProbeEntry = Infer<typeof ProbeSchema>;
export type RestartEntry = Infer<typeof RestartSchema>;
export type StopEntry = Infer<typeof StopSchema>;
export type WatchEntry = Infer<typeof WatchSchema>;
