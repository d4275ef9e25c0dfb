import type { ProcessStatus } from '../src/state/process-state';

/**
 * Colours by role, or none at all: with colour off (NO_COLOR, --no-color) every role is `undefined`, which Ink
 * renders as the terminal's default. Attributes that are not colours (inverse, bold, dim) stay either way.
 */
export interface Theme {
  readonly color: boolean;
  readonly accent: string | undefined;
  readonly ok: string | undefined;
  readonly warn: string | undefined;
  readonly error: string | undefined;
  readonly muted: string | undefined;
  status(status: ProcessStatus): string | undefined;
  /** The colour of a process's prefix in the merged log, by its place in the list. */
  prefix(index: number): string | undefined;
}

// Bright, distinguishable foregrounds, as in the headless writer; red is left for errors.
const PALETTE = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright', 'blueBright'];

const STATUS_COLORS: Readonly<Record<ProcessStatus, string | undefined>> = {
  idle: 'gray',
  waiting: 'yellow',
  starting: 'yellow',
  running: 'green',
  stopping: 'yellow',
  restarting: 'yellow',
  exited: undefined,
  failed: 'red',
};

const COLORED: Theme = Object.freeze({
  color: true,
  accent: 'cyan',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  status: (status: ProcessStatus) => STATUS_COLORS[status],
  prefix: (index: number) => PALETTE[index % PALETTE.length],
});

const PLAIN: Theme = Object.freeze({
  color: false,
  accent: undefined,
  ok: undefined,
  warn: undefined,
  error: undefined,
  muted: undefined,
  status: () => undefined,
  prefix: () => undefined,
});

export function themeFor(color: boolean): Theme {
  return color ? COLORED : PLAIN;
}
