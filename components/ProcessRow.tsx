import { Text } from 'ink';
import { memo } from 'react';
import type { ProcessState } from '../src/state/process-state';
import { statusIcon } from './format';
import { rowCells } from './process-columns';
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
  readonly nameWidth: number;
  /** Row width; the selected row's highlight spans it. */
  readonly width: number;
  readonly theme: Theme;
}

/** One line of the process list: status, name, pid, uptime, restarts, exit, error badge, then URL or failure reason. */
function ProcessRowView({ proc, selected, uptime, errorCount, url, nameWidth, width, theme }: ProcessRowProps) {
  const cells = rowCells(proc, uptime, errorCount, nameWidth);
  // A reason can quote a child's stderr: one line, no escapes, or it would break the row.
  const tail = url ?? (proc.status === 'failed' && proc.reason !== null ? sanitize(proc.reason, { color: false }) : '');
  const used = 3 + nameWidth + cells.pid.length + cells.uptime.length + cells.restarts.length + cells.exit.length + cells.errors.length;
  // Padded to the full width so the selection highlight is a whole bar, not just the text.
  const padded = tail.length < width - used ? tail.padEnd(Math.max(0, width - used)) : tail;
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
      <Text color={url === undefined ? theme.error : theme.accent}>{padded}</Text>
    </Text>
  );
}

export const ProcessRow = memo(ProcessRowView);
