import type { LogEntry } from '../logs/log-entry';
import { search } from '../logs/search';
import { suggest } from '../project/select';
import type { Brum } from '../runtime/brum';
import { isPending, type ProcessState } from '../state/process-state';
import type { BrumState } from '../state/store';
import type { Action, ActionQuery, LogsQuery, SearchQuery } from './api-schemas';
import { lineView, processView, processViews, VIEW_VERSION, type LineView } from './views';

/** A request the caller got wrong: its status and one line saying why (with a suggestion when there is one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The id of a process the caller named, or a 404 naming the closest one. */
export function knownProcess(state: BrumState, name: string): string {
  if (state.processes[name] !== undefined) return name;
  const hint = suggest(name, state.order);
  throw new ApiError(404, `unknown process "${name}".${hint ? ` Did you mean "${hint}"?` : ''} Known: ${state.order.join(', ') || '(none)'}`);
}

export function listProcesses(brum: Brum): object {
  return { v: VIEW_VERSION, processes: processViews(brum.store.getState()) };
}

export function oneProcess(brum: Brum, name: string): object {
  const state = brum.store.getState();
  return { v: VIEW_VERSION, process: processView(state, knownProcess(state, name)) };
}

/**
 * Starts, stops or restarts through the command layer; with `wait`, answers once the state is reached: running
 * and ready for start and restart (a new run, for restart), down for stop. `reached: false` says it ended
 * otherwise (failed, say) or the timeout passed first; the process's view says where it stands.
 */
export async function act(brum: Brum, name: string, action: Action, q: ActionQuery): Promise<object> {
  const id = knownProcess(brum.store.getState(), name);
  const before = brum.store.getState().processes[id];
  const done = brum.controls[action](id);
  let reached = true;
  if (!q.wait) void done.catch(() => undefined);
  // A stop is done when the command is: its group is gone, not only its leader (a shell that dies at once in
  // front of a service still closing its port).
  else if (action === 'stop') reached = await within(done, q.timeout);
  else reached = await waitForState(brum, id, action, before?.pid ?? null, q.timeout, done);
  return { v: VIEW_VERSION, process: processView(brum.store.getState(), id), reached };
}

function within(work: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  return Promise.race([work.then(() => true, () => false), timeout]).finally(() => clearTimeout(timer));
}

function waitForState(brum: Brum, id: string, action: Action, oldPid: number | null, timeoutMs: number, done: Promise<void>): Promise<boolean> {
  const verdict = (p: ProcessState | undefined): boolean | null => {
    if (p === undefined) return false;
    if (action === 'stop') return isPending(p.status) ? null : true;
    if (p.status === 'running' && p.readiness?.state === 'ready' && (action === 'start' || p.pid !== oldPid)) return true;
    if (p.status === 'running' && p.readiness?.state === 'unready') return false;
    if (p.status === 'failed' || (p.status === 'exited' && (action === 'start' || p.pid !== oldPid))) return false;
    return null;
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const check = (): void => {
      const v = verdict(brum.store.getState().processes[id]);
      if (v !== null) finish(v);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = brum.store.subscribe(check);
    // The command's own end counts too (a stop of a process already down changes nothing in the store).
    void done.then(check, () => finish(false));
  });
}

/** A bounded read of the log: the newest `limit` lines, or the lines after a cursor; never everything. */
export function readLogs(brum: Brum, q: LogsQuery): object {
  const state = brum.store.getState();
  const ids = q.name.map((n) => knownProcess(state, n));
  const logs = brum.logs;
  let entries: LogEntry[];
  let missed = 0;
  if (ids.length <= 1) {
    const view = ids[0] ?? null;
    if (q.after === undefined) entries = logs.tail(view, q.limit);
    else {
      const read = logs.after(view, q.after, q.limit);
      entries = read.entries;
      missed = read.missed;
    }
  } else {
    const wanted = new Set(ids);
    entries = [];
    if (q.after === undefined) {
      logs.forEachEntry(null, (e) => (wanted.has(e.proc) ? entries.unshift(e) < q.limit : true), true);
    } else {
      let cursor = q.after;
      for (;;) {
        const read = logs.after(null, cursor, q.limit);
        missed += read.missed;
        for (const e of read.entries) if (wanted.has(e.proc) && entries.length < q.limit) entries.push(e);
        const last = read.entries.at(-1);
        if (last === undefined || entries.length >= q.limit) break;
        cursor = last.seq;
      }
    }
  }
  const lines: LineView[] = entries.map((e) => lineView(e, q.raw));
  const next = entries.at(-1)?.seq ?? q.after ?? logs.lastSeq;
  return { v: VIEW_VERSION, lines, next, missed };
}

export function searchLogs(brum: Brum, q: SearchQuery): object {
  const state = brum.store.getState();
  const ids = q.name.map((n) => knownProcess(state, n));
  const views = ids.length === 0 ? [null] : ids;
  const found: Array<{ seq: number; name: string; text: string }> = [];
  let truncated = false;
  for (const proc of views) {
    const result = search(brum.logs, { query: q.pattern, regex: q.regex, proc, limit: q.limit });
    if (!result.ok) throw new ApiError(400, `bad pattern: ${result.error}`);
    truncated ||= result.truncated;
    for (const m of result.matches) {
      const entry = brum.logs.entry(m.seq);
      if (entry) found.push({ seq: m.seq, name: entry.proc, text: lineView(entry).text });
    }
  }
  found.sort((a, b) => a.seq - b.seq);
  const matches = found.slice(-q.limit);
  return { v: VIEW_VERSION, matches, truncated: truncated || found.length > matches.length };
}

export function listErrors(brum: Brum): object {
  const state = brum.store.getState();
  const errors = state.order.flatMap((id) =>
    (state.errors[id] ?? []).map((e) => ({ name: id, seq: e.seq, kind: e.kind, message: e.message, location: e.location ?? null, lines: e.lines })),
  );
  return { v: VIEW_VERSION, errors };
}

export function listUrls(brum: Brum): object {
  const state = brum.store.getState();
  return { v: VIEW_VERSION, urls: state.order.flatMap((id) => (state.urls[id] ?? []).map((url) => ({ name: id, url }))) };
}

/** What the push stream sends: processes by name (so a merge patch touches only what changed) and the project. */
export function pushSnapshot(brum: Brum): object {
  const state = brum.store.getState();
  const processes: Record<string, object> = {};
  for (const view of processViews(state)) processes[view.name] = view;
  return { v: VIEW_VERSION, order: state.order, processes, project: { error: state.project.error, note: state.project.note } };
}
