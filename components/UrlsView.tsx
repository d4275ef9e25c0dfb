import { Box, Text } from 'ink';
import type { BrumState } from '../src/state/store';
import { fit, rule } from './format';
import type { Theme } from './theme';

/** Props of the URLs view. */
export interface UrlsViewProps {
  readonly state: Pick<BrumState, 'order' | 'processes' | 'urls'>;
  readonly rows: number;
  readonly width: number;
  readonly nameWidth: number;
  readonly theme: Theme;
}

/** Every URL detected in the output, grouped by process in list order. */
export function UrlsView({ state, rows, width, nameWidth, theme }: UrlsViewProps) {
  const lines: Array<{ key: string; name: string; url: string }> = [];
  for (const id of state.order) {
    const urls = state.urls[id] ?? [];
    urls.forEach((url, i) => lines.push({ key: `${id} ${url}`, name: i === 0 ? (state.processes[id]?.name ?? id) : '', url }));
  }
  const total = lines.length;
  return (
    <Box flexDirection="column" height={rows + 1} flexShrink={0}>
      <Text color={theme.muted}>{rule(`URLs (${total}) · Esc back`, width)}</Text>
      {total === 0 ? <Text color={theme.muted}>No URLs detected yet. Dev servers usually print theirs when they are ready.</Text> : null}
      {lines.slice(0, rows).map((l) => (
        <Text key={l.key} wrap="truncate-end">
          {' '}
          {fit(l.name, nameWidth)} <Text color={theme.accent}>{l.url}</Text>
        </Text>
      ))}
    </Box>
  );
}
