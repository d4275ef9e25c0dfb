import { Box, Text } from 'ink';
import type { BrumState } from '../src/state/store';
import { uptime } from './format';
import { listStart } from './layout';
import { headerText } from './process-columns';
import { ProcessRow } from './ProcessRow';
import { rowNote } from './row-note';
import type { Theme } from './theme';

/** Props of the process list: one store snapshot slice plus what the frame decided. */
export interface ProcessListProps {
  readonly state: Pick<BrumState, 'order' | 'processes' | 'errors' | 'urls'>;
  readonly selected: string | null;
  /** Process rows to show; the list scrolls to keep the selection in view when there are more. */
  readonly rows: number;
  readonly title: string;
  readonly nameWidth: number;
  readonly width: number;
  /** Time for uptimes (only this frame's, so rows of ended processes never change). */
  readonly now: number;
  readonly theme: Theme;
}

/** The header and a scrolling window of process rows. */
export function ProcessList({ state, selected, rows, title, nameWidth, width, now, theme }: ProcessListProps) {
  const { order } = state;
  const at = selected === null ? 0 : Math.max(0, order.indexOf(selected));
  const start = listStart(at, order.length, rows);
  const shown = order.slice(start, start + rows);
  const more = order.length - (start + shown.length);
  return (
    <Box flexDirection="column" height={rows + 1} flexShrink={0}>
      <Text wrap="truncate-end" bold>
        {headerText(title, nameWidth)}
        <Text color={theme.muted} bold={false}>
          {start > 0 || more > 0 ? `   (${start + 1}–${start + shown.length} of ${order.length})` : ''}
        </Text>
      </Text>
      {order.length === 0 ? <Text color={theme.muted}>   No scripts to run.</Text> : null}
      {shown.map((id) => {
        const proc = state.processes[id];
        if (proc === undefined) return null;
        const note = rowNote(proc, now);
        return (
          <ProcessRow
            key={id}
            proc={proc}
            selected={id === selected}
            uptime={uptime(proc, now)}
            errorCount={state.errors[id]?.length ?? 0}
            url={state.urls[id]?.[0]}
            noteText={note.text}
            noteTone={note.tone}
            nameWidth={nameWidth}
            width={width}
            theme={theme}
          />
        );
      })}
    </Box>
  );
}
