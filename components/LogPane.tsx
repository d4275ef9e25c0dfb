import { Box, Text } from 'ink';
import type { ProcessState } from '../src/state/process-state';
import { fit, plural, rule, thousands } from './format';
import type { LineMatcher } from './line-matcher';
import type { LogViewModel } from './log-view';
import { LogLine } from './LogLine';
import type { Theme } from './theme';

/** Props of the log pane. */
export interface LogPaneProps {
  readonly model: LogViewModel;
  /** The selected process, for the title and the empty message (`null` in the merged view or with no processes). */
  readonly proc: ProcessState | null;
  /** Log rows under the title rule. */
  readonly rows: number;
  readonly width: number;
  readonly focused: boolean;
  /** Width of names in merged prefixes. */
  readonly nameWidth: number;
  /** Prefix colour per process id. */
  readonly prefixColor: (proc: string) => string | undefined;
  readonly matcher: LineMatcher | null;
  /** The line an error jump landed on, marked with {@link LANDED_MARK}; `null` for none. */
  readonly landedSeq: number | null;
  readonly theme: Theme;
}

/** Slack beyond the pane width kept of each line, so Ink still sees it overflow and shows `…`. */
const OVERFLOW_SLACK = 8;

/** The visible window of one process's log, or of all of them merged with `name │` prefixes. */
export function LogPane({ model, proc, rows, width, focused, nameWidth, prefixColor, matcher, landedSeq, theme }: LogPaneProps) {
  const merged = model.view === null;
  const prefixWidth = merged ? nameWidth + 3 : 0;
  const maxChars = Math.max(1, width - prefixWidth + OVERFLOW_SLACK);
  const name = merged ? 'all processes' : (proc?.name ?? 'log');
  const follow = model.follow ? 'following' : `following off — ${plural(model.newLines, 'new line', 'new lines')} (f to follow)`;
  const status = model.total > 0 ? `${thousands(model.total)} lines · ${follow}` : follow;
  return (
    <Box flexDirection="column" height={rows + 1} flexShrink={0}>
      <Text wrap="truncate-end" color={focused ? theme.accent : theme.muted} bold={focused}>
        {rule(`${focused ? '▸ ' : ''}${name} · ${status}`, width)}
      </Text>
      {model.entries.length === 0 ? (
        <Text color={theme.muted} wrap="truncate-end">
          {emptyMessage(proc, merged)}
        </Text>
      ) : (
        model.entries.map((entry, i) => (
          <LogLine
            // By row, not by seq: in a flood every frame shows new lines, and reusing rows is cheaper than remounting.
            key={i}
            text={entry.text}
            prefix={merged ? `${fit(entry.proc, nameWidth)} │ ` : null}
            prefixColor={merged ? prefixColor(entry.proc) : undefined}
            matcher={matcher}
            color={theme.color}
            maxChars={maxChars}
            landed={entry.seq === landedSeq}
            accent={theme.accent}
          />
        ))
      )}
    </Box>
  );
}

function emptyMessage(proc: ProcessState | null, merged: boolean): string {
  if (merged) return 'No output yet.';
  if (proc === null) return 'Nothing selected.';
  if (proc.status === 'idle') return `${proc.name} is not running. Press Enter or s to start it.`;
  return `No output from ${proc.name} yet.`;
}
