import { Text } from 'ink';
import { memo } from 'react';
import type { LineMatcher } from './line-matcher';
import { cleanLine, renderClean } from './sanitize';

/** Props of one log line on screen. */
export interface LogLineProps {
  /** The raw line as the child wrote it; sanitised here, and only because it is visible. */
  readonly text: string;
  /** `name │ ` in the merged view. */
  readonly prefix: string | null;
  readonly prefixColor: string | undefined;
  /** Highlights the applied search; `null` when there is none. */
  readonly matcher: LineMatcher | null;
  readonly color: boolean;
  /** Characters worth keeping: a bit more than fits, so the cut still shows as `…`. */
  readonly maxChars: number;
  /** The line an error jump landed on: marked, so the eye finds it in a full pane. */
  readonly landed?: boolean;
  /** Colour of that mark. */
  readonly accent?: string | undefined;
}

/** Before the line an error jump landed on. Text, not only colour, so it shows with NO_COLOR too. */
export const LANDED_MARK = '▶ ';

/** One log line: sanitised, search matches inverse, cut at the edge of the pane. */
function LogLineView({ text, prefix, prefixColor, matcher, color, maxChars, landed = false, accent }: LogLineProps) {
  const clean = cleanLine(text, { color, maxChars });
  const body = renderClean(clean, matcher === null ? undefined : matcher(clean.text));
  return (
    <Text wrap="truncate-end">
      {prefix !== null ? <Text color={prefixColor}>{prefix}</Text> : null}
      {landed ? (
        <Text color={accent} bold>
          {LANDED_MARK}
        </Text>
      ) : null}
      {/* An empty Text has no height in Ink's layout: a blank line would vanish and every later line shift up. */}
      {clean.text.length === 0 && prefix === null && !landed ? ' ' : body}
    </Text>
  );
}

export const LogLine = memo(LogLineView);
