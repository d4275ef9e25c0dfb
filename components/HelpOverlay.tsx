import { Box, Text } from 'ink';
import { fit, rule, STATUS_LEGEND } from './format';
import { bindingsOf, keyLabel, type KeyBinding, type KeyContext } from './keymap';
import type { Theme } from './theme';

/** Props of the help overlay. */
export interface HelpOverlayProps {
  /** Rows it may use in all, title included. */
  readonly rows: number;
  readonly width: number;
  readonly theme: Theme;
}

const SECTIONS: ReadonlyArray<{ readonly context: KeyContext; readonly heading: string | null }> = [
  { context: 'main', heading: null },
  { context: 'search', heading: 'while typing a search' },
  { context: 'quitting', heading: 'while quitting' },
];
const KEYS_WIDTH = 18;

type HelpLine = { readonly heading: string } | { readonly binding: KeyBinding };

/**
 * Every binding of the keymap table, rendered from the table itself so help can never drift from what the keys
 * do. When the rows do not fit one column, they flow into more.
 */
export function HelpOverlay({ rows, width, theme }: HelpOverlayProps) {
  const lines: HelpLine[] = [];
  for (const section of SECTIONS) {
    if (section.heading !== null) lines.push({ heading: section.heading });
    for (const binding of bindingsOf(section.context)) lines.push({ binding });
  }
  // The title and the glyph legend take a row each.
  const perColumn = Math.max(1, rows - 2);
  const columnCount = Math.ceil(lines.length / perColumn);
  const columnWidth = Math.floor(width / columnCount);
  const columns: HelpLine[][] = [];
  for (let c = 0; c < columnCount; c++) columns.push(lines.slice(c * perColumn, (c + 1) * perColumn));
  return (
    <Box flexDirection="column" height={rows} flexShrink={0}>
      <Text color={theme.accent} bold>
        {rule('keys · ? or Esc to close', width)}
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        {` ${STATUS_LEGEND}`}
      </Text>
      <Box flexDirection="row">
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={columnWidth - 1} marginRight={1}>
            {column.map((line, i) =>
              'heading' in line ? (
                <Text key={i} bold wrap="truncate-end">
                  {line.heading}
                </Text>
              ) : (
                <Text key={i} wrap="truncate-end">
                  <Text color={theme.accent}>{fit(` ${line.binding.keys.map(keyLabel).join(' ')}`, KEYS_WIDTH)}</Text>{' '}
                  {line.binding.description}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
