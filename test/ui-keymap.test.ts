import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { charName, routeKey } from '../components/key-router';
import { bindingsOf, commandFor, KEYMAP, keyLabel, keyName, type Command } from '../components/keymap';
import { INITIAL_UI, uiReducer, type UiState } from '../components/ui-state/ui-reducer';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (patch: Partial<Key>): Key => ({ ...NO_KEY, ...patch });

describe('keymap table', () => {
  it('binds every required key', () => {
    // Given the bindings the TUI promises / Then each resolves to the command it documents
    const required: Array<[string, Command]> = [
      ['up', 'select-prev'], ['k', 'select-prev'], ['down', 'select-next'], ['j', 'select-next'],
      ['g', 'select-first'], ['home', 'select-first'], ['G', 'select-last'], ['end', 'select-last'],
      ['enter', 'activate'], ['s', 'start'], ['x', 'stop'], ['r', 'restart'], ['R', 'restart-all'],
      ['a', 'toggle-merged'], ['/', 'search'], ['n', 'next-match'], ['N', 'prev-match'], ['f', 'toggle-follow'],
      ['pageup', 'page-up'], ['ctrl+u', 'page-up'], ['pagedown', 'page-down'], ['ctrl+d', 'page-down'],
      ['c', 'clear-log'], ['e', 'errors-view'], ['u', 'urls-view'], ['tab', 'cycle-view'], ['shift+tab', 'cycle-view-back'], ['?', 'help'],
      ['esc', 'back'], ['q', 'quit'], ['ctrl+c', 'quit'],
    ];
    for (const [name, command] of required) expect(commandFor(name, 'main'), name).toBe(command);
    expect(commandFor('tab', 'search')).toBe('search-toggle-regex');
    expect(commandFor('ctrl+r', 'search')).toBe('search-toggle-regex');
    expect(commandFor('enter', 'search')).toBe('search-apply');
    expect(commandFor('esc', 'search')).toBe('search-cancel');
    expect(commandFor('ctrl+c', 'quitting')).toBe('force-quit');
    expect(commandFor('x', 'quitting')).toBe('force-quit');
  });

  it('has a description for every row and every command in exactly one place per context', () => {
    for (const b of KEYMAP) expect(b.description.length, b.command).toBeGreaterThan(5);
    const seen = new Set(KEYMAP.map((b) => `${b.context ?? 'main'}:${b.command}`));
    expect(seen.size).toBe(KEYMAP.length);
  });

  it('lists bindings by context in table order', () => {
    expect(bindingsOf('search').map((b) => b.command)).toEqual(['search-apply', 'search-toggle-regex', 'search-cancel']);
    expect(bindingsOf('main')[0]?.command).toBe('select-prev');
  });

  it('labels keys for people', () => {
    expect(['up', 'pageup', 'ctrl+u', 'shift+tab', 'esc', 'G', 'meta+x'].map(keyLabel)).toEqual(['↑', 'PgUp', 'Ctrl-U', 'Shift-Tab', 'Esc', 'G', 'Alt-x']);
  });
});

describe('keyName: Ink input → key name', () => {
  it.each([
    ['', { upArrow: true }, 'up'],
    ['', { downArrow: true }, 'down'],
    ['', { pageUp: true }, 'pageup'],
    ['', { pageDown: true }, 'pagedown'],
    ['', { home: true }, 'home'],
    ['', { end: true }, 'end'],
    ['', { return: true }, 'enter'],
    ['', { escape: true, meta: true }, 'esc'],
    ['', { tab: true }, 'tab'],
    ['', { tab: true, shift: true }, 'shift+tab'],
    ['', { delete: true }, 'backspace'],
    ['u', { ctrl: true }, 'ctrl+u'],
    ['G', { shift: true }, 'G'],
    ['?', {}, '?'],
    [' ', {}, ' '],
    ['x', { meta: true }, 'meta+x'],
  ] as Array<[string, Partial<Key>, string]>)('%j %j → %s', (input, patch, name) => {
    expect(keyName(input, key(patch))).toBe(name);
  });

  it('returns null for a multi-key read, which the hook splits with charName', () => {
    expect(keyName('jjk', NO_KEY)).toBeNull();
    expect([...'j\r\t\x03\x7f\x1b'].map(charName)).toEqual(['j', 'enter', 'tab', 'ctrl+c', 'backspace', 'esc']);
  });
});

describe('routeKey: the context decides', () => {
  const editing = uiReducer(INITIAL_UI, { type: 'search/open' });
  const quitting = uiReducer(INITIAL_UI, { type: 'session/quit' });
  const help = uiReducer(INITIAL_UI, { type: 'view/toggle-help' });
  const route = (name: string, text: string, ui: UiState) => routeKey(name, text, ui);

  it('main: keys run their commands', () => {
    expect(route('j', 'j', INITIAL_UI)).toEqual({ kind: 'command', command: 'select-next' });
    expect(route('z', 'z', INITIAL_UI)).toEqual({ kind: 'none' });
  });

  it('search: printable keys type, backspace deletes, search keys act, named keys fall through', () => {
    expect(route('j', 'j', editing)).toEqual({ kind: 'action', action: { type: 'search/type', text: 'j' } });
    expect(route('q', 'q', editing)).toEqual({ kind: 'action', action: { type: 'search/type', text: 'q' } });
    expect(route('backspace', '', editing)).toEqual({ kind: 'action', action: { type: 'search/backspace' } });
    expect(route('enter', '', editing)).toEqual({ kind: 'command', command: 'search-apply' });
    expect(route('ctrl+r', 'r', editing)).toEqual({ kind: 'command', command: 'search-toggle-regex' });
    expect(route('ctrl+c', 'c', editing)).toEqual({ kind: 'command', command: 'quit' });
  });

  it('quitting: only force-quit works', () => {
    expect(route('x', 'x', quitting)).toEqual({ kind: 'command', command: 'force-quit' });
    expect(route('ctrl+c', 'c', quitting)).toEqual({ kind: 'command', command: 'force-quit' });
    expect(route('j', 'j', quitting)).toEqual({ kind: 'none' });
  });

  it('help: only closing it or quitting works', () => {
    expect(route('?', '?', help)).toEqual({ kind: 'command', command: 'help' });
    expect(route('esc', '', help)).toEqual({ kind: 'command', command: 'back' });
    expect(route('q', 'q', help)).toEqual({ kind: 'command', command: 'quit' });
    expect(route('x', 'x', help)).toEqual({ kind: 'none' });
  });
});
