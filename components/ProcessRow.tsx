import { Text } from 'ink';
import { memo } from 'react';
import type { ProcessState } from '../src/state/process-state';
import { statusIcon } from './format';
import { rowCells } from './process-columns';
import type { RowNote } from './row-note';
import { sanitize } from './sanitize';
import type { Theme } from './theme';

/** Props of one process row. Everything is a primitive or a shared frozen object, so memo skips unchanged rows. */
export interface ProcessRowProps {
  readonly proc: ProcessState;
  readonly selected: boolean;
  /** Uptime text, already formatted: the row re-renders only when the text changes. */
  readonly uptime: string;
  readonly errorCount: number;
  /** First detected URL, if any. */
  readonly url: string | undefined;
  /** Why it waits, its readiness, its restart countdown or why it failed (see rowNote), as primitives for memo. */
  readonly noteText: string;
  readonly noteTone: RowNote['tone'];
  readonly nameWidth: number;
  /** Row width; the selected row's highlight spans it. */
  readonly width: number;
  readonly theme: Theme;
}

/** One line of the process list: status, name, pid, uptime, restarts, exit, error badge, then URL and the row's note. */
function ProcessRowView({ proc, selected, uptime, errorCount, url, noteText, noteTone, nameWidth, width, theme }: ProcessRowProps) {
  const cells = rowCells(proc, uptime, errorCount, nameWidth);
  const link = url === undefined ? '' : noteText === '' ? url : `${url}  `;
  // A reason can quote a child's stderr: one line, no escapes, or it would break the row.
  const said = sanitize(noteText, { color: false });
  const used = 3 + nameWidth + cells.pid.length + cells.uptime.length + cells.restarts.length + cells.exit.length + cells.errors.length;
  // Padded to the full width so the selection highlight is a whole bar, not just the text.
  const room = Math.max(0, width - used - link.length);
  const padded = said.length < room ? said.padEnd(room) : said;
  const tone = noteTone === 'error' ? theme.error : noteTone === 'warn' ? theme.warn : noteTone === 'ok' ? theme.ok : theme.muted;
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '›' : ' '}
      <Text color={theme.status(proc.status)} dimColor={proc.status === 'idle'}>
        {statusIcon(proc)}
      </Text>{' '}
      <Text bold={selected} dimColor={proc.status === 'idle'}>
        {cells.name}
      </Text>
      <Text color={theme.muted}>{cells.pid}</Text>
      {cells.uptime}
      <Text color={theme.warn}>{cells.restarts}</Text>
      <Text color={proc.status === 'failed' ? theme.error : undefined}>{cells.exit}</Text>
      <Text color={theme.error} bold>
        {cells.errors}
      </Text>
      <Text color={theme.accent}>{link}</Text>
      <Text color={tone}>{padded}</Text>
    </Text>
  );
}

export const ProcessRow = memo(ProcessRowView);
