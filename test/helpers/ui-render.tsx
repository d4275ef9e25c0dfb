import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { expect, vi } from 'vitest';
import { App } from '../../components/App';
import { BrumContext } from '../../components/brum-context';
import type { Controls } from '../../src/runtime/controls';
import { HIGHLIGHT_OFF, HIGHLIGHT_ON } from '../../components/sanitize';
import type { Brum } from '../../src/runtime/brum';
import { clock, fakeControls } from './ui-fixtures';

export interface RenderedApp {
  /** The last frame without escapes, search highlights shown as ⟦…⟧. */
  frame(): string;
  rawFrame(): string;
  press(...keys: string[]): void;
  /** Polls (no fixed sleep) until the frame contains `text` and has been drawn for the current size. */
  waitFor(text: string | RegExp): Promise<string>;
  resize(rows: number, columns: number): void;
  readonly onExit: ReturnType<typeof vi.fn>;
  unmount(): void;
}

/** Poll deadline for UI assertions: generous, because a loaded CI machine can take a while to draw a frame. */
export const WAIT = { timeout: 5_000, interval: 10 } as const;

const rendered: Array<{ unmount(): void }> = [];

/** Unmounts everything rendered by {@link renderApp}; call from afterEach. */
export function unmountAll(): void {
  for (const r of rendered.splice(0)) r.unmount();
}

/** Our highlight markers made visible; every other escape removed. */
export function visible(raw: string): string {
  return stripAnsi(raw.split(HIGHLIGHT_ON).join('⟦').split(HIGHLIGHT_OFF).join('⟧'));
}

/**
 * Renders the App as `runTui` does, with a pinned clock, into ink-testing-library's fake terminal resized to
 * `rows` × `columns` (its columns are otherwise fixed at 100 and it has no rows).
 */
export function renderApp(
  brum: Brum,
  opts: { rows?: number; columns?: number; color?: boolean; controls?: Controls; title?: string } = {},
): RenderedApp {
  const onExit = vi.fn();
  const controls = opts.controls ?? fakeControls({ brum });
  const r = render(
    <BrumContext.Provider value={brum}>
      <App title={opts.title ?? 'demo'} controls={controls} color={opts.color ?? false} onExit={onExit} clock={clock} />
    </BrumContext.Provider>,
  );
  rendered.push(r);
  let height = 0;
  let width = 0;
  const resize = (rows: number, columns: number): void => {
    height = rows - 1;
    width = columns;
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    r.stdout.emit('resize');
  };
  resize(opts.rows ?? 24, opts.columns ?? 100);
  const frame = (): string => visible(r.lastFrame() ?? '');
  return {
    frame,
    rawFrame: () => r.lastFrame() ?? '',
    press: (...keys) => {
      for (const k of keys) r.stdin.write(k);
    },
    async waitFor(text) {
      await vi.waitFor(() => {
        const f = frame();
        const lines = f.split('\n');
        // Drawn for the current size: as many rows as the UI takes, and a title rule exactly as wide as the terminal.
        const sized = lines.length === height && lines.some((l) => l.startsWith('──') && l.length === width);
        const found = (typeof text === 'string' ? f.includes(text) : text.test(f)) && sized;
        expect(found, `waiting for ${String(text)} in a ${width}×${height} frame:\n${f}`).toBe(true);
      }, WAIT);
      return frame();
    },
    resize,
    onExit,
    unmount: r.unmount,
  };
}

/** The name on the row marked selected (`›`) in the process list. */
export function selectedRow(frame: string): string | undefined {
  return /^›\S\s+(\S+)/m.exec(frame)?.[1];
}
