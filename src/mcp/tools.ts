import type { ApiClient, ApiResponse } from '../control/api-client';
import type { LineView, ProcessView } from '../control/views';

/** What a tool answers: text for the model to read, the same facts as structured content, or an error. */
export interface ToolAnswer {
  readonly text: string;
  readonly structured: Record<string, unknown>;
  readonly isError?: boolean;
}

/** Every answer is bounded: lines per read, matches per search, characters per line, time per wait. */
export const LIMITS = {
  readDefault: 100,
  readMax: 1000,
  searchDefault: 50,
  searchMax: 500,
  lineChars: 1000,
  waitDefaultMs: 30_000,
  /**
   * Under the 60 s an MCP client waits for any answer by default (the SDK's request timeout): a longer wait would
   * end in the client's timeout error rather than in an answer. An agent that needs longer calls again.
   */
  waitMaxMs: 55_000,
  /** What start/restart/stop wait at most on the server, for the same reason. */
  actionMs: 50_000,
} as const;

/** How often wait_for looks again: a blink for a person, nothing for the machine. */
const WAIT_POLL_MS = 100;
/** How often a long wait_for reports progress (a client may reset its request timeout on each). */
const PROGRESS_MS = 500;

export type WaitUntil = 'running' | 'ready' | 'exited' | 'log';

/**
 * The MCP tools' logic, over the control API of the brum that runs the project (the one a person watches in the
 * TUI, or the one `brum mcp` started itself): the same command layer every other front end uses.
 */
export class BrumTools {
  constructor(private readonly api: ApiClient) {}

  async listProcesses(): Promise<ToolAnswer> {
    const bodyRes = await this.call(this.api.get('/v1/processes'));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    const processes = body.processes as ProcessView[];
    const text = processes.length === 0 ? 'No processes.' : processes.map(describeProcess).join('\n');
    return { text, structured: { processes } };
  }

  async act(action: 'start' | 'stop' | 'restart', name: string): Promise<ToolAnswer> {
    const bodyRes = await this.call(this.api.post(`/v1/processes/${encodeURIComponent(name)}/${action}`, { wait: '1', timeout: String(LIMITS.actionMs) }));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    const p = body.process as ProcessView;
    const reached = body.reached === true;
    const verb = action === 'stop' ? 'stopped' : action === 'start' ? 'started' : 'restarted';
    const text = reached ? `${p.name} ${verb}: ${describeProcess(p)}` : `${p.name} was not ${verb} as asked: ${describeProcess(p)}`;
    return { text, structured: { process: p, reached } };
  }

  async readLogs(args: { name?: string | undefined; limit?: number | undefined; after?: number | undefined }): Promise<ToolAnswer> {
    const limit = clamp(args.limit ?? LIMITS.readDefault, 1, LIMITS.readMax);
    const query = { name: args.name, limit: String(limit), after: args.after === undefined ? undefined : String(args.after) };
    const bodyRes = await this.call(this.api.get('/v1/logs', query));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    const lines = (body.lines as LineView[]).map(cutLine);
    const next = body.next as number;
    const missed = body.missed as number;
    const shown = lines.map((l) => (args.name === undefined ? `[${l.name}] ${l.text}` : l.text)).join('\n');
    const more = `(${lines.length} line${lines.length === 1 ? '' : 's'}; read on with after=${next}${missed > 0 ? `; ${missed} older lines were evicted before this read` : ''})`;
    return { text: lines.length === 0 ? `No new lines. ${more}` : `${shown}\n${more}`, structured: { lines, next, missed } };
  }

  async searchLogs(args: { pattern: string; name?: string | undefined; regex?: boolean | undefined; limit?: number | undefined }): Promise<ToolAnswer> {
    const limit = clamp(args.limit ?? LIMITS.searchDefault, 1, LIMITS.searchMax);
    const bodyRes = await this.call(this.api.get('/v1/search', { pattern: args.pattern, name: args.name, regex: args.regex ? '1' : '0', limit: String(limit) }));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    const matches = (body.matches as Array<{ seq: number; name: string; text: string }>).map((m) => ({ ...m, text: cut(m.text) }));
    const truncated = body.truncated === true;
    const text =
      matches.length === 0
        ? `No line matches ${args.regex ? `/${args.pattern}/` : JSON.stringify(args.pattern)}.`
        : `${matches.map((m) => `[${m.name}] #${m.seq} ${m.text}`).join('\n')}${truncated ? `\n(the newest ${matches.length} matches; there are more)` : ''}`;
    return { text, structured: { matches, truncated } };
  }

  async listErrors(args: { name?: string | undefined }): Promise<ToolAnswer> {
    if (args.name !== undefined) {
      // An unknown name is an error with a suggestion, not an empty list that reads as "no errors".
      const known = await this.call(this.api.get(`/v1/processes/${encodeURIComponent(args.name)}`));
      if (!known.ok) return known.answer;
    }
    const bodyRes = await this.call(this.api.get('/v1/errors'));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    type E = { name: string; message: string; location: { file: string; line?: number; col?: number } | null; lines: string[] };
    const errors = (body.errors as E[]).filter((e) => args.name === undefined || e.name === args.name).slice(-LIMITS.searchMax);
    const text =
      errors.length === 0
        ? 'No errors detected.'
        : errors.map((e) => `[${e.name}] ${cut(e.message)}${e.location ? ` at ${[e.location.file, e.location.line, e.location.col].filter((x) => x !== undefined).join(':')}` : ''}`).join('\n');
    return { text, structured: { errors: errors.map((e) => ({ ...e, lines: e.lines.slice(0, 20).map(cut) })) } };
  }

  async listUrls(): Promise<ToolAnswer> {
    const bodyRes = await this.call(this.api.get('/v1/urls'));
    if (!bodyRes.ok) return bodyRes.answer;
    const body = bodyRes.body;
    const urls = body.urls as Array<{ name: string; url: string }>;
    return { text: urls.length === 0 ? 'No URLs printed yet.' : urls.map((u) => `[${u.name}] ${u.url}`).join('\n'), structured: { urls } };
  }

  /**
   * Waits until a process is running, ready or ended, or a line matching `pattern` appears in its log after the
   * call began; never longer than the timeout (then `reached: false`, not an error: the agent decides).
   */
  async waitFor(
    args: { name: string; until: WaitUntil; pattern?: string | undefined; timeout_ms?: number | undefined },
    signal?: AbortSignal,
    /** Told about once a second how long it has waited, so a client with a short request timeout keeps waiting. */
    progress?: (waitedMs: number, totalMs: number) => void,
  ): Promise<ToolAnswer> {
    const timeout = clamp(args.timeout_ms ?? LIMITS.waitDefaultMs, 0, LIMITS.waitMaxMs);
    const began = Date.now();
    const deadline = began + timeout;
    let told = began;
    let re: RegExp | null = null;
    if (args.until === 'log') {
      if (args.pattern === undefined || args.pattern === '') return failure('until "log" needs a pattern (a JavaScript regular expression)');
      try {
        re = new RegExp(args.pattern);
      } catch (error) {
        return failure(`bad pattern: ${(error as Error).message}`);
      }
    }
    // An unknown name is an error at once (with a suggestion), not a long wait for nothing.
    const known = await this.call(this.api.get(`/v1/processes/${encodeURIComponent(args.name)}`));
    if (!known.ok) return known.answer;
    let cursor = 0;
    if (re !== null) {
      const tailRes = await this.call(this.api.get('/v1/logs', { name: args.name, limit: '1' }));
      if (!tailRes.ok) return tailRes.answer;
      const tail = tailRes.body;
      cursor = tail.next as number;
    }
    for (;;) {
      const nowRes = await this.call(this.api.get(`/v1/processes/${encodeURIComponent(args.name)}`));
      if (!nowRes.ok) return nowRes.answer;
      const now = nowRes.body;
      const p = now.process as ProcessView;
      if (re !== null) {
        const readRes = await this.call(this.api.get('/v1/logs', { name: args.name, after: String(cursor), limit: String(LIMITS.readMax) }));
        if (!readRes.ok) return readRes.answer;
        const read = readRes.body;
        const hit = (read.lines as LineView[]).find((l) => re.test(l.text));
        if (hit) return { text: `${p.name} printed: ${cut(hit.text)}`, structured: { reached: true, process: p, line: cutLine(hit) } };
        cursor = read.next as number;
      } else if (holds(p, args.until)) {
        return { text: `${p.name} is ${args.until}: ${describeProcess(p)}`, structured: { reached: true, process: p } };
      }
      // The client cancelled the call: stop asking the API at once.
      if (signal?.aborted) return failure('cancelled');
      if (progress !== undefined && Date.now() - told >= PROGRESS_MS) {
        told = Date.now();
        progress(told - began, timeout);
      }
      if (Date.now() >= deadline) {
        const what = re !== null ? `a line matching /${args.pattern ?? ''}/` : args.until;
        return { text: `Timed out after ${(timeout / 1000).toFixed(1)} s waiting for ${p.name}: ${what}. Now: ${describeProcess(p)}`, structured: { reached: false, process: p } };
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  /** An API answer's body, or a tool error carrying the server's one line (an unknown name with a suggestion). */
  private async call(request: Promise<ApiResponse>): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; answer: ToolAnswer }> {
    let res: ApiResponse;
    try {
      res = await request;
    } catch (error) {
      return { ok: false, answer: failure(error instanceof Error ? error.message : String(error)) };
    }
    if (res.status >= 200 && res.status < 300) return { ok: true, body: res.body };
    return { ok: false, answer: failure(typeof res.body.error === 'string' ? res.body.error : `brum answered ${res.status}`) };
  }
}

function holds(p: ProcessView, until: WaitUntil): boolean {
  if (until === 'running') return p.status === 'running';
  if (until === 'ready') return p.status === 'running' && p.ready === true;
  if (until === 'exited') return p.status === 'exited' || p.status === 'failed';
  return false;
}

export function describeProcess(p: ProcessView): string {
  const parts = [`${p.name}: ${p.status}`];
  if (p.pid !== null && p.status === 'running') parts.push(`pid ${p.pid}`);
  if (p.ready === true && p.readyMs !== null) parts.push(`ready in ${(p.readyMs / 1000).toFixed(2)} s`);
  if (p.waitingFor !== null) parts.push(`waiting for ${p.waitingFor}`);
  if (p.reason !== null) parts.push(p.reason);
  if (p.exitCode !== null && p.status !== 'running') parts.push(`exit ${p.exitCode}`);
  if (p.restarts > 0) parts.push(`${p.restarts} restart${p.restarts === 1 ? '' : 's'}`);
  if (p.urls.length > 0) parts.push(p.urls.join(' '));
  if (p.errors > 0) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function failure(text: string): ToolAnswer & { isError: true } {
  return { text, structured: { error: text }, isError: true };
}

function cut(text: string): string {
  return text.length <= LIMITS.lineChars ? text : `${text.slice(0, LIMITS.lineChars)}… [${text.length - LIMITS.lineChars} more characters]`;
}

function cutLine(l: LineView): LineView {
  return { ...l, text: cut(l.text) };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
