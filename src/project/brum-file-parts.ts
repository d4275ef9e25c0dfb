import os from 'node:os';
import nodePath from 'node:path';
import type { Probe, ProbeCheck, RestartPolicy, StopSpec, WatchSpec } from '../defs/process-def';
import type { ProbeEntry, RestartEntry, StopEntry, WatchEntry } from './brum-file-schema';
import type { Problem } from './brum-file-issues';
import { DEFAULT_TCP_HOST, PROBE_DEFAULTS, RESTART_DEFAULTS, STOP_DEFAULTS, WATCH_DEFAULTS } from './defaults';
import { parseDuration } from './duration';
import { suggest } from './select';

/** Throws the problem as the file's error (brum-file.ts knows the file and how to place a path in it). */
export type Fail = (problem: Problem) => never;
type Path = readonly PropertyKey[];

const PROBE_KINDS = ['tcp', 'http', 'log', 'exec'] as const;

export function probeOf(entry: ProbeEntry, path: Path, fail: Fail): Probe {
  const kinds = PROBE_KINDS.filter((kind) => entry[kind] !== undefined);
  const [kind, second] = kinds;
  if (kind === undefined) return fail({ path, anchor: 'key', message: 'needs one of tcp, http, log or exec' });
  if (second !== undefined) {
    return fail({ path, anchor: 'key', message: `has both ${kind} and ${second}: a probe checks one thing, keep one` });
  }
  const periodMs = durationOf(entry.period, PROBE_DEFAULTS.periodMs, [...path, 'period'], fail);
  // A period of 0 would poll in a busy loop.
  if (periodMs === 0) fail({ path: [...path, 'period'], anchor: 'value', message: 'must be more than 0' });
  const timeoutMs = durationOf(entry.timeout, PROBE_DEFAULTS.timeoutMs, [...path, 'timeout'], fail);
  return { check: checkOf(kind, entry, [...path, kind], fail), periodMs, timeoutMs };
}

function checkOf(kind: (typeof PROBE_KINDS)[number], entry: ProbeEntry, path: Path, fail: Fail): ProbeCheck {
  const bad = (message: string): never => fail({ path, anchor: 'value', message });
  switch (kind) {
    case 'tcp': {
      const tcp = entry.tcp as number | string;
      if (typeof tcp === 'number') return { kind, host: DEFAULT_TCP_HOST, port: tcp };
      const colon = tcp.lastIndexOf(':');
      const host = tcp.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      const port = Number(tcp.slice(colon + 1));
      if (!Number.isInteger(port) || port < 1 || port > 65_535) {
        return bad(`port must be 1 to 65535 (got ${tcp.slice(colon + 1)})`);
      }
      return { kind, host, port };
    }
    case 'http': {
      const url = entry.http as string;
      let protocol = '';
      try {
        protocol = new URL(url).protocol;
      } catch {
        // Left empty: reported below with the other non-http URLs.
      }
      if (protocol !== 'http:' && protocol !== 'https:') {
        return bad(`expected an http:// or https:// URL (got ${JSON.stringify(url)})`);
      }
      return { kind, url };
    }
    case 'log': {
      const pattern = entry.log as string;
      try {
        new RegExp(pattern);
      } catch (error) {
        // V8 says "Invalid regular expression: /(a/: Unterminated group"; the part after the pattern is the news.
        const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
        return bad(`not a valid regular expression: ${reason} (in /${pattern}/)`);
      }
      return { kind, pattern };
    }
    case 'exec':
      return { kind, command: entry.exec as string };
    default:
      return kind satisfies never;
  }
}

/** `restart: on-failure` (the default backoff), `restart: no` or `false`, or the long form. */
export function restartOf(entry: RestartEntry, path: Path, fail: Fail): RestartPolicy {
  if (entry === false) return { mode: 'no', ...RESTART_DEFAULTS };
  if (typeof entry === 'string') return { mode: entry, ...RESTART_DEFAULTS };
  const d = RESTART_DEFAULTS;
  return {
    mode: entry.policy === false ? 'no' : entry.policy,
    delayMs: durationOf(entry.delay, d.delayMs, [...path, 'delay'], fail),
    factor: entry.factor ?? d.factor,
    maxDelayMs: durationOf(entry.max_delay, d.maxDelayMs, [...path, 'max_delay'], fail),
    jitter: entry.jitter ?? d.jitter,
    maxRestarts: entry.max_restarts === undefined ? d.maxRestarts : entry.max_restarts,
    resetAfterMs: durationOf(entry.reset_after, d.resetAfterMs, [...path, 'reset_after'], fail),
  };
}

/** A signal is named as `kill -s` takes it: `SIGINT` or `INT`, in capitals, and must exist on this system. */
export function stopOf(entry: StopEntry, path: Path, fail: Fail): StopSpec {
  return {
    signal: entry.signal === undefined ? STOP_DEFAULTS.signal : signalOf(entry.signal, [...path, 'signal'], fail),
    timeoutMs: durationOf(entry.timeout, STOP_DEFAULTS.timeoutMs, [...path, 'timeout'], fail),
  };
}

function signalOf(name: string, path: Path, fail: Fail): NodeJS.Signals {
  const full = name.startsWith('SIG') ? name : `SIG${name}`;
  if (Object.hasOwn(os.constants.signals, full)) return full as NodeJS.Signals;
  const upper = name.toUpperCase();
  const capitalised = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const hint = Object.hasOwn(os.constants.signals, capitalised) ? capitalised : suggest(full, Object.keys(os.constants.signals));
  const tail = hint === null ? ' Use a name such as SIGINT or SIGTERM.' : ` Did you mean "${hint}"?`;
  return fail({ path, anchor: 'value', message: `unknown signal "${name}".${tail}` });
}

/**
 * `watch: src`, `watch: [src, package.json]` or the long form, with paths resolved against the process's folder.
 * A path may leave that folder (`../shared` in a monorepo) and need not exist: a folder made later (a build output,
 * a generated client) is picked up when it appears, so nothing is read from disk here.
 */
export function watchOf(entry: WatchEntry, cwd: string, path: Path, fail: Fail): WatchSpec {
  if (typeof entry === 'string' || Array.isArray(entry)) return { paths: pathsOf(entry, cwd, path, fail), ignore: [], ...WATCH_DEFAULTS };
  return {
    paths: pathsOf(entry.paths, cwd, [...path, 'paths'], fail),
    ignore: entry.ignore === undefined ? [] : patternsOf(entry.ignore, [...path, 'ignore'], fail),
    debounceMs: durationOf(entry.debounce, WATCH_DEFAULTS.debounceMs, [...path, 'debounce'], fail),
    cascade: entry.cascade ?? WATCH_DEFAULTS.cascade,
  };
}

function pathsOf(entry: string | readonly string[], cwd: string, path: Path, fail: Fail): string[] {
  const list = typeof entry === 'string' ? [entry] : entry;
  if (list.length === 0) fail({ path, anchor: 'value', message: 'must not be empty' });
  const firstOf = new Map<string, string>();
  return list.map((written, i) => {
    const absolute = nodePath.resolve(cwd, written);
    const first = firstOf.get(absolute);
    if (first !== undefined) {
      const message = first === written ? `"${written}" is listed twice` : `"${written}" is the same path as "${first}": keep one`;
      fail({ path: [...path, i], anchor: 'value', message });
    }
    firstOf.set(absolute, written);
    return absolute;
  });
}

function patternsOf(entry: string | readonly string[], path: Path, fail: Fail): string[] {
  if (typeof entry === 'string') return [patternOf(entry, path, fail)];
  return entry.map((pattern, i) => patternOf(pattern, [...path, i], fail));
}

/**
 * A gitignore pattern, refused when git (and the `ignore` package, which follows it) would read it as no pattern at
 * all or as one that can never match: these are mistakes that would otherwise pass in silence. Every other string is
 * a pattern: gitignore syntax has no invalid one.
 */
function patternOf(pattern: string, path: Path, fail: Fail): string {
  const bad = (message: string): never => fail({ path, anchor: 'value', message });
  if (/[\r\n]/.test(pattern)) return bad('has a line break: put each pattern in its own item');
  if (pattern.trim() === '') return bad('must not be blank');
  if (pattern.startsWith('#')) {
    return bad(`"${pattern}" is a comment in gitignore syntax and matches nothing: write \\${pattern} for a name that starts with #`);
  }
  if (pattern === '!') return bad('"!" alone matches nothing: write !pattern to watch again what an earlier pattern leaves out');
  if (/(?<!\\)(?:\\\\)*\\$/.test(pattern)) {
    return bad(`"${pattern}" ends with a lone \\, which gitignore drops with the whole pattern: write \\\\ for a backslash`);
  }
  const not = pattern.startsWith('!') ? '!' : '';
  const body = pattern.slice(not.length);
  if (body.split('/').some((part) => part === '.' || part === '..')) {
    const rest = body.replace(/^(?:\.\/)+/, '');
    const plain = body.startsWith('./') && rest !== '' && !/(?:^|\/)\.\.?(?:\/|$)/.test(rest);
    const hint = plain ? `. Write ${not}/${rest} for the top-level one, or ${not}${rest} for any` : '';
    return bad(`"${pattern}" never matches: gitignore patterns have no . or .. parts${hint}`);
  }
  return pattern;
}

function durationOf(value: number | string | undefined, fallback: number, path: Path, fail: Fail): number {
  if (value === undefined) return fallback;
  // The schema has checked the form; this only converts it.
  return parseDuration(value) ?? fail({ path, anchor: 'value', message: `expected a duration (got ${String(value)})` });
}
