import { isActive, type ProcessState, type ProcessStatus } from '../src/state/process-state';

/** The status glyphs of the process list. */
export const STATUS_ICONS: Readonly<Record<ProcessStatus, string>> = {
  idle: '○',
  waiting: '◌',
  starting: '◐',
  running: '●',
  stopping: '◐',
  restarting: '↻',
  exited: '✔',
  failed: '✖',
};

/** What each glyph of the list means, on one line of the help screen, in lifecycle order. */
export const STATUS_LEGEND = [
  `${STATUS_ICONS.idle} idle`,
  `${STATUS_ICONS.waiting} waiting for dependencies`,
  `${STATUS_ICONS.starting} starting/stopping`,
  `${STATUS_ICONS.running} running`,
  `${STATUS_ICONS.restarting} restarting (n/max in …)`,
  `${STATUS_ICONS.exited} exited 0`,
  '■ stopped',
  `${STATUS_ICONS.failed} failed`,
].join('  ');

/**
 * The glyph for one process. A process the user stopped is `exited` too, but a check mark would read as
 * success, so a stop (a signal, or a non-zero code after a requested stop) gets its own square.
 */
export function statusIcon(proc: ProcessState): string {
  if (proc.status === 'exited' && (proc.signal !== null || (proc.exitCode ?? 0) !== 0)) return '■';
  return STATUS_ICONS[proc.status];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A compact uptime at minute resolution: `<1m`, `13m`, `3h04m`, `2d03h`. Seconds are left out on purpose: showing
 * them means a full frame every second while anything runs, and an Ink frame of a whole screen costs ~10–30 ms,
 * which would keep an idle brum at 1–3% CPU. At this resolution the list changes once a minute.
 */
export function formatUptime(ms: number): string {
  const t = Math.max(0, ms);
  if (t < MINUTE) return '<1m';
  if (t < HOUR) return `${Math.floor(t / MINUTE)}m`;
  if (t < DAY) return `${Math.floor(t / HOUR)}h${pad2(Math.floor((t % HOUR) / MINUTE))}m`;
  return `${Math.floor(t / DAY)}d${pad2(Math.floor((t % DAY) / HOUR))}h`;
}

/** Milliseconds until {@link formatUptime} of a duration that is `ms` now shows something else. */
export function msUntilUptimeChanges(ms: number): number {
  const t = Math.max(0, ms);
  const step = t < DAY ? MINUTE : HOUR;
  return step - (t % step);
}

/** How long a process has run: to now while alive, to its end once it ended; empty before its first start. */
export function uptime(proc: ProcessState, now: number): string {
  if (proc.startedAt === null) return '';
  const end = isActive(proc.status) || proc.endedAt === null ? now : proc.endedAt;
  return formatUptime(end - proc.startedAt);
}

/** `1 process`, `3 processes`. */
export function plural(n: number, one: string, many = `${one}es`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1234567` → `1,234,567`, fixed locale so snapshots do not depend on the machine. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Pads or cuts to exactly `width` characters (cut text ends with `…`). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

/** Like {@link fit}, but cuts the start (`…/scripts/app.ts:3:4`): the end of a path is the telling part. */
export function fitStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `…${text.slice(text.length - width + 1)}`;
  return text.padEnd(width);
}

/** A title rule: `── label ────…` exactly `width` columns wide (label assumed single-width). */
export function rule(label: string, width: number): string {
  const head = label.length > 0 ? `── ${label} ` : '';
  if (head.length >= width) return fit(head, width);
  return head + '─'.repeat(width - head.length);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
