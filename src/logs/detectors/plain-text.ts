// A line is scanned on the hot path, so colour codes are removed only from lines that contain an ESC at all.
// Covered: CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) ended by BEL or ST,
// charset selections, and the remaining two-byte escapes (such as `ESC c`, the reset tsc --watch sends).
// A lone ESC at the very end is dropped too.
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()#][0-9A-Za-z]|[0-~]|$)/g;

/** The text a reader sees: `line` without terminal escape sequences. Returns `line` itself when it has none. */
export function toPlainText(line: string): string {
  return line.includes('\x1b') ? line.replace(ESCAPES, '') : line;
}
