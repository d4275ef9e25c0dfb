import { commandFor, type Command, type KeyContext } from './keymap';
import type { UiAction, UiState } from './ui-state/ui-reducer';

/** What one key does: run a keymap command, change the UI directly (typing a query), or nothing. */
export type KeyOutcome =
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'action'; readonly action: UiAction }
  | { readonly kind: 'none' };

/** What still works while the help overlay is up; other keys are swallowed so nothing happens unseen. */
const WHILE_HELP: ReadonlySet<Command> = new Set(['help', 'back', 'quit', 'force-quit']);
const NONE: KeyOutcome = Object.freeze({ kind: 'none' });

export function keyContext(ui: UiState): KeyContext {
  if (ui.session.quitting) return 'quitting';
  return ui.search.editing ? 'search' : 'main';
}

/**
 * Routes one key by context: quitting (only force-quit), typing a search (its own bindings, then printable keys
 * go into the query, then named keys such as arrows or Ctrl-C fall through to the main bindings), or main.
 * `text` is the character(s) the key typed; for a printable key it equals `name`.
 */
export function routeKey(name: string, text: string, ui: UiState): KeyOutcome {
  const context = keyContext(ui);
  let command = commandFor(name, context);
  if (command === undefined && context === 'search') {
    if (name === 'backspace') return { kind: 'action', action: { type: 'search/backspace' } };
    if (name === text) return { kind: 'action', action: { type: 'search/type', text } };
    command = commandFor(name, 'main');
  }
  if (command === undefined) return NONE;
  if (ui.view.help && !WHILE_HELP.has(command)) return NONE;
  return { kind: 'command', command };
}

/** The key name of one character of a multi-key read. */
export function charName(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (ch === '\x1b') return 'esc';
  if (code < 0x20) return `ctrl+${String.fromCharCode(code + 0x60)}`;
  return ch;
}
