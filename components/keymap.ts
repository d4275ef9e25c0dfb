import type { Key } from 'ink';

/** Everything a key can ask the UI to do. */
export type Command =
  | 'select-prev'
  | 'select-next'
  | 'select-first'
  | 'select-last'
  | 'activate'
  | 'start'
  | 'stop'
  | 'restart'
  | 'restart-all'
  | 'toggle-watch'
  | 'reload'
  | 'toggle-merged'
  | 'search'
  | 'next-match'
  | 'prev-match'
  | 'toggle-follow'
  | 'page-up'
  | 'page-down'
  | 'clear-log'
  | 'errors-view'
  | 'urls-view'
  | 'cycle-view'
  | 'cycle-view-back'
  | 'help'
  | 'back'
  | 'quit'
  | 'search-apply'
  | 'search-cancel'
  | 'search-toggle-regex'
  | 'force-quit';

/**
 * Where a binding applies. `main` is every normal screen; `search` while the search line takes typing (other
 * printable keys go into the query); `quitting` once a quit is under way (every other key is ignored).
 */
export type KeyContext = 'main' | 'search' | 'quitting';

/** One row of the keymap: the single source for dispatch, the help overlay and the status-bar hints. */
export interface KeyBinding {
  readonly command: Command;
  /** Normalised key names (see {@link keyName}); the first is the one hints show. */
  readonly keys: readonly string[];
  readonly description: string;
  /** Defaults to `main`. */
  readonly context?: KeyContext;
  /** A short label for the status bar; bindings without one stay out of it. */
  readonly hint?: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'select-prev', keys: ['up', 'k'], description: 'select previous process (or error; scrolls when the log has focus)' },
  { command: 'select-next', keys: ['down', 'j'], description: 'select next process (or error; scrolls when the log has focus)' },
  { command: 'select-first', keys: ['g', 'home'], description: 'first process (top of the log when it has focus)' },
  { command: 'select-last', keys: ['G', 'end'], description: 'last process (end of the log when it has focus)' },
  { command: 'activate', keys: ['enter'], description: 'start the selected process, or focus its log; on an error, jump to it', hint: 'start' },
  { command: 'start', keys: ['s'], description: 'start the selected process' },
  { command: 'stop', keys: ['x'], description: 'stop the selected process', hint: 'stop' },
  { command: 'restart', keys: ['r'], description: 'restart the selected process', hint: 'restart' },
  { command: 'restart-all', keys: ['R'], description: 'restart every running process' },
  { command: 'toggle-watch', keys: ['w'], description: "pause or resume the selected process's file watch" },
  { command: 'reload', keys: ['L'], description: 'reload the project file and env files now (also automatic on save)' },
  { command: 'toggle-merged', keys: ['a'], description: 'toggle the merged log of all processes', hint: 'merged' },
  { command: 'search', keys: ['/'], description: 'search the log', hint: 'search' },
  { command: 'next-match', keys: ['n'], description: 'next match (further down)' },
  { command: 'prev-match', keys: ['N'], description: 'previous match (further up)' },
  { command: 'toggle-follow', keys: ['f'], description: 'toggle following the newest line' },
  { command: 'page-up', keys: ['pageup', 'ctrl+u'], description: 'scroll the log up a page' },
  { command: 'page-down', keys: ['pagedown', 'ctrl+d'], description: 'scroll the log down a page' },
  { command: 'clear-log', keys: ['c'], description: "clear the selected process's log" },
  { command: 'errors-view', keys: ['e'], description: 'errors view', hint: 'errors' },
  { command: 'urls-view', keys: ['u'], description: 'URLs view' },
  { command: 'cycle-view', keys: ['tab'], description: 'switch focus and view: list → log → errors → URLs' },
  { command: 'cycle-view-back', keys: ['shift+tab'], description: 'the same, backwards' },
  { command: 'help', keys: ['?'], description: 'show or hide this help', hint: 'help' },
  { command: 'back', keys: ['esc'], description: 'back: close help, clear the search, return to the logs and the list' },
  { command: 'quit', keys: ['q', 'ctrl+c'], description: 'quit, stopping every process', hint: 'quit' },
  { command: 'search-apply', keys: ['enter'], description: 'apply the search', context: 'search', hint: 'apply' },
  { command: 'search-toggle-regex', keys: ['tab', 'ctrl+r'], description: 'toggle regex / plain text', context: 'search', hint: 'regex' },
  { command: 'search-cancel', keys: ['esc'], description: 'close the search line', context: 'search', hint: 'close' },
  { command: 'force-quit', keys: ['ctrl+c', 'x'], description: 'kill every process now', context: 'quitting', hint: 'kill now' },
];

const BY_CONTEXT: ReadonlyMap<KeyContext, ReadonlyMap<string, Command>> = (() => {
  const maps = new Map<KeyContext, Map<string, Command>>();
  for (const binding of KEYMAP) {
    const context = binding.context ?? 'main';
    let map = maps.get(context);
    if (map === undefined) {
      map = new Map();
      maps.set(context, map);
    }
    for (const key of binding.keys) {
      if (map.has(key)) throw new Error(`key "${key}" bound twice in context ${context}`);
      map.set(key, binding.command);
    }
  }
  return maps;
})();

/** The command a key triggers in a context, if any. */
export function commandFor(name: string, context: KeyContext): Command | undefined {
  return BY_CONTEXT.get(context)?.get(name);
}

/** The key names Ink's input turns into, e.g. `j`, `G`, `up`, `enter`, `ctrl+u`, `shift+tab`; null for a paste. */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Ink reports the DEL byte most terminals send for Backspace as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input.length === 1) return `meta+${input}`;
  if ([...input].length === 1) return input;
  return null;
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
  backspace: 'Backspace',
};

/** How a key name is shown to people: `ctrl+u` → `Ctrl-U`, `up` → `↑`. */
export function keyLabel(name: string): string {
  const fixed = KEY_LABELS[name];
  if (fixed !== undefined) return fixed;
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  if (name.startsWith('meta+')) return `Alt-${name.slice(5)}`;
  return name;
}

/** The bindings of one context, in table order. */
export function bindingsOf(context: KeyContext): KeyBinding[] {
  return KEYMAP.filter((b) => (b.context ?? 'main') === context);
}
