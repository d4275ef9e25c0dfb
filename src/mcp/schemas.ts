import { z } from 'zod';
import { LIMITS } from './tools';

/** The output schemas: what structuredContent holds, next to the text (the same facts, for a program). */
const status = z.enum(['idle', 'waiting', 'starting', 'running', 'stopping', 'restarting', 'exited', 'failed']);

export const processShape = z.object({
  name: z.string(),
  status,
  pid: z.number().nullable(),
  restarts: z.number(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  reason: z.string().nullable().describe('why it failed, or why it is not ready'),
  ready: z.boolean().nullable().describe('its readiness probe passed (or it has none); null when not running'),
  readyMs: z.number().nullable(),
  waitingFor: z.string().nullable().describe('while waiting: the dependency conditions still to hold'),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  command: z.string(),
  lines: z.number().describe('lines printed so far'),
  urls: z.array(z.string()),
  errors: z.number().describe('errors detected in its output'),
  watch: z.enum(['on', 'paused', 'suspended']).nullable(),
  trigger: z.string().nullable().describe('the file change that caused the latest watch restart'),
});

const line = z.object({ seq: z.number(), name: z.string(), stream: z.enum(['stdout', 'stderr']), ts: z.string(), text: z.string() });

export const name = z.string().min(1).describe('a process name, as list_processes shows it');

export const outputs = {
  list: { processes: z.array(processShape) },
  action: { process: processShape, reached: z.boolean().describe('the state asked for was reached') },
  logs: {
    lines: z.array(line),
    next: z.number().describe('pass as `after` to read on from here'),
    missed: z.number().describe('lines evicted from the ring before this read'),
  },
  search: {
    matches: z.array(z.object({ seq: z.number(), name: z.string(), text: z.string() })),
    truncated: z.boolean().describe('more lines matched; these are the newest'),
  },
  errors: {
    errors: z.array(
      z.object({
        name: z.string(),
        seq: z.number(),
        kind: z.string(),
        message: z.string(),
        location: z.object({ file: z.string(), line: z.number().optional(), col: z.number().optional() }).nullable(),
        lines: z.array(z.string()),
      }),
    ),
  },
  urls: { urls: z.array(z.object({ name: z.string(), url: z.string() })) },
  wait: { reached: z.boolean(), process: processShape, line: line.optional() },
} as const;

export const inputs = {
  none: {},
  name: { name },
  readLogs: {
    name: name.optional().describe('one process; omit for all processes, merged'),
    limit: z.number().int().min(1).max(LIMITS.readMax).optional().describe(`lines to return (default ${LIMITS.readDefault}, at most ${LIMITS.readMax})`),
    after: z.number().int().min(0).optional().describe('a cursor (`next` from a previous read): only lines after it'),
  },
  searchLogs: {
    pattern: z.string().min(1).describe('text to find (case-insensitive), or a JavaScript regular expression with regex: true'),
    name: name.optional().describe('one process; omit to search all'),
    regex: z.boolean().optional(),
    limit: z.number().int().min(1).max(LIMITS.searchMax).optional().describe(`matches to return, newest first (default ${LIMITS.searchDefault})`),
  },
  errors: { name: name.optional().describe('only this process') },
  waitFor: {
    name,
    until: z.enum(['running', 'ready', 'exited', 'log']).describe('running; ready (its probe passed); exited (ended in any way); log (a line matching pattern appeared)'),
    pattern: z.string().optional().describe('for until: "log", a JavaScript regular expression'),
    timeout_ms: z.number().int().min(0).max(LIMITS.waitMaxMs).optional().describe(`give up after this long (default ${LIMITS.waitDefaultMs} ms)`),
  },
} as const;
