import { Text } from 'ink';
import { bindingsOf, keyLabel } from './keymap';
import type { Theme } from './theme';

/** Props of the search input line. */
export interface SearchLineProps {
  readonly draft: string;
  readonly regex: boolean;
  /** Why the draft was refused (a bad regex). */
  readonly error: string | null;
  readonly theme: Theme;
}

const HINTS = bindingsOf('search')
  .map((b) => `${keyLabel(b.keys[0] ?? '')} ${b.hint ?? b.description}`)
  .join(' · ');

/** `/query▌ [regex]` while typing a search, with the error or the keys to use. */
export function SearchLine({ draft, regex, error, theme }: SearchLineProps) {
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent} bold>
        /
      </Text>
      {draft}
      {/* A drawn caret: it shows without colour, and the real cursor stays hidden. */}
      <Text color={theme.accent}>▏</Text> <Text color={regex ? theme.warn : theme.muted}>[{regex ? 'regex' : 'text'}]</Text>{' '}
      {error !== null ? <Text color={theme.error}>{error}</Text> : <Text color={theme.muted}>{HINTS}</Text>}
    </Text>
  );
}
