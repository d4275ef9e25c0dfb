import { mayHaveAnsi, removeEscapes } from '../escape-grammar';

/**
 * The text a reader sees: `line` without terminal escape sequences, nor what is left of one the line cut short
 * (the screen's reading in `escape-grammar.ts`, so a detector reads an error as the TUI shows it). Returns `line`
 * itself when it has none; it runs on the hot path, so only lines that may hold one are scanned.
 */
export function toPlainText(line: string): string {
  return mayHaveAnsi(line) ? removeEscapes(line) : line;
}
