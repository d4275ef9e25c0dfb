import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { plural, thousands } from './format';
import { bindingsOf, keyLabel } from './keymap';
import type { Theme } from './theme';

/** Props of the status bar. */
export interface StatusBarProps {
  readonly running: number;
  /** Processes still alive while quitting; `null` when not quitting. */
  readonly stopping: number | null;
  readonly forced: boolean;
  /** Lines evicted by the log caps, over all processes. */
  readonly dropped: number;
  readonly follow: boolean;
  /** `/query/ 3/17`-style summary of the applied search, if any. */
  readonly search: string | null;
  readonly toast: string | null;
  /** The project file is invalid as it is now (file:line:col); the processes run as they were. */
  readonly projectError: string | null;
  readonly width: number;
  readonly theme: Theme;
}

/** Key hints come from the keymap table: the bindings that carry a `hint`. */
const HINTS = bindingsOf('main')
  .filter((b) => b.hint !== undefined)
  .map((b) => `${keyLabel(b.keys[0] ?? '')} ${b.hint}`)
  .join('  ');

/** The bottom line: a note or the key hints on the left, counters and modes on the right. */
export function StatusBar({ running, stopping, forced, dropped, follow, search, toast, projectError, width, theme }: StatusBarProps) {
  const right = [
    `${running} running`,
    // Lines the caps pushed out of the log buffers: output that was shown and stored, then evicted, not lost.
    dropped > 0 ? `${thousands(dropped)} evicted` : null,
    search,
    follow ? 'follow' : 'paused',
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
  let left: ReactNode;
  if (stopping !== null) {
    const text = forced
      ? `killing ${plural(stopping, 'process')}…`
      : stopping > 0
        ? `stopping ${plural(stopping, 'process')}… (Ctrl-C or x to kill now)`
        : // Leaders are gone but their groups may not be yet (a child that ignores SIGTERM): still worth forcing.
          'waiting for child processes to exit… (Ctrl-C or x to kill now)';
    left = (
      <Text color={theme.warn} bold wrap="truncate-end">
        {text}
      </Text>
    );
  } else if (toast !== null) {
    left = (
      <Text color={theme.accent} wrap="truncate-end">
        {toast}
      </Text>
    );
  } else if (projectError !== null) {
    left = (
      <Text color={theme.error} wrap="truncate-end">
        {projectError}
      </Text>
    );
  } else {
    left = (
      <Text color={theme.muted} wrap="truncate-end">
        {HINTS}
      </Text>
    );
  }
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Box flexGrow={1} flexShrink={1}>
        {left}
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        <Text>{right}</Text>
      </Box>
    </Box>
  );
}
