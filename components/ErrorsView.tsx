import { Box, Text } from 'ink';
import type { ErrorSummary } from '../src/state/store';
import { fit, fitStart, rule } from './format';
import { listStart } from './layout';
import { sanitize } from './sanitize';
import type { Theme } from './theme';

/** Props of the errors view. */
export interface ErrorsViewProps {
  /** In list order (see `errorRows`). */
  readonly errors: readonly ErrorSummary[];
  readonly index: number;
  /** Rows of the pane under its title rule. */
  readonly rows: number;
  readonly width: number;
  readonly nameWidth: number;
  readonly theme: Theme;
}

const KIND_WIDTH = 7;
const LOCATION_WIDTH = 30;

/** Detected errors, one row each (process, kind, location, message), and the grouped lines of the selected one. */
export function ErrorsView({ errors, index, rows, width, nameWidth, theme }: ErrorsViewProps) {
  const title = rule(`errors (${errors.length}) · ↑↓ select · Enter show in log · Esc back`, width);
  if (errors.length === 0) {
    return (
      <Box flexDirection="column" height={rows + 1} flexShrink={0}>
        <Text color={theme.muted}>{title}</Text>
        <Text color={theme.muted}>No errors detected. Stack traces and compiler errors in the output show up here.</Text>
      </Box>
    );
  }
  const listRows = Math.max(1, Math.min(errors.length, Math.floor((rows - 1) / 2)));
  const start = listStart(index, errors.length, listRows);
  const selected = errors[index];
  const contextRows = Math.max(0, rows - listRows - 1);
  return (
    <Box flexDirection="column" height={rows + 1} flexShrink={0}>
      <Text color={theme.muted}>{title}</Text>
      {errors.slice(start, start + listRows).map((e, i) => {
        const at = start + i;
        return (
          <Text key={`${e.proc}:${e.seq}`} wrap="truncate-end" inverse={at === index}>
            {at === index ? '›' : ' '}
            <Text color={theme.error}>✖ </Text>
            {fit(e.proc, nameWidth)} <Text color={theme.warn}>{fit(e.kind, KIND_WIDTH)}</Text>
            <Text color={theme.accent}>{fitStart(location(e), LOCATION_WIDTH)}</Text> {clean(e.message)}
          </Text>
        );
      })}
      <Text color={theme.muted} wrap="truncate-end">
        {rule(selected === undefined ? '' : `${selected.proc} · ${selected.kind}${selected.location ? ` · ${location(selected)}` : ''}`, width)}
      </Text>
      {(selected?.lines ?? []).slice(0, contextRows).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {clean(line)}
        </Text>
      ))}
    </Box>
  );
}

/** Detector text is plain already, but it is still a child's output: no controls may reach the screen. */
function clean(text: string): string {
  return sanitize(text, { color: false });
}

function location(e: ErrorSummary): string {
  const loc = e.location;
  if (loc === undefined) return '';
  return `${loc.file}${loc.line !== undefined ? `:${loc.line}` : ''}${loc.col !== undefined ? `:${loc.col}` : ''}`;
}
