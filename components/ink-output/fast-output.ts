// A drop-in replacement for Ink 6.8's internal Output (ink/build/output.js), swapped in at build time by
// scripts/ink-output-plugin.mjs (and by vitest.config.ts for the tests).
//
// Why: Ink turns every cell of every frame into an object ({value, fullWidth, styles}) and every row back into
// a string by diffing those objects. Measured under a 1M-line flood in a 120×40 terminal, that was ~14 ms of a
// ~27 ms frame, plus most of the young-generation garbage. A log pane is almost all plain printable ASCII, which
// needs none of it: one character is one cell with no style. So plain lines are copied in as strings, and only
// rows that hold something else (colour, wide or control characters) take Ink's own path, through the same
// library functions Ink uses. The result is byte-for-byte Ink's (test/ink-fast-output.property.test.ts).
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
// brum's own shortcut (one column for ASCII and its own symbols), as Ink's other callers get through the swap.
import stringWidth from './string-width';
import { simpleStyledChars } from './simple-text';

/** Ink's per-line transform (colours, for instance), applied before the line is placed. */
export type OutputTransformer = (line: string, index: number) => string;

interface Clip {
  readonly x1: number | undefined;
  readonly x2: number | undefined;
  readonly y1: number | undefined;
  readonly y2: number | undefined;
}

type Operation =
  | { readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly OutputTransformer[] }
  | { readonly type: 'clip'; readonly clip: Clip }
  | { readonly type: 'unclip' };

/** A cell: a plain one-column character as a string, or Ink's styled character for anything else. */
type Cell = string | StyledChar | undefined;

/** True when every character is printable ASCII (space to `~`): one column each, no escape, no style. */
export function isPlainAscii(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Per-frame caches, as in Ink: a frame often writes the same text (borders, rules) more than once. */
class FrameCaches {
  private readonly widths = new Map<string, number>();
  private readonly blockWidths = new Map<string, number>();
  private readonly styled = new Map<string, StyledChar[]>();

  styledChars(line: string): StyledChar[] {
    let cached = this.styled.get(line);
    if (cached === undefined) {
      cached = simpleStyledChars(line) ?? styledCharsFromTokens(tokenize(line));
      this.styled.set(line, cached);
    }
    return cached;
  }

  width(text: string): number {
    let cached = this.widths.get(text);
    if (cached === undefined) {
      cached = stringWidth(text);
      this.widths.set(text, cached);
    }
    return cached;
  }

  widestLine(text: string): number {
    let cached = this.blockWidths.get(text);
    if (cached === undefined) {
      cached = 0;
      for (const line of text.split('\n')) cached = Math.max(cached, this.width(line));
      this.blockWidths.set(text, cached);
    }
    return cached;
  }
}

export default class Output {
  readonly width: number;
  readonly height: number;
  private readonly operations: Operation[] = [];
  private readonly caches = new FrameCaches();

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    // Each placed line only ever touches its own row, so the writes are gathered per row first, and each row is
    // then built alone: that lets a row whose writes are exactly last frame's reuse last frame's string.
    const rows: Placed[][] = [];
    for (let y = 0; y < this.height; y++) rows.push([]);
    const clips: Clip[] = [];
    for (const op of this.operations) {
      if (op.type === 'clip') clips.push(op.clip);
      else if (op.type === 'unclip') clips.pop();
      else this.place(rows, op, clips.at(-1));
    }
    const out: string[] = [];
    for (const placed of rows) out.push(this.row(placed));
    return { output: out.join('\n'), height: rows.length };
  }

  /** One write, clipped and transformed exactly as Ink does it, recorded against the rows it lands on. */
  private place(rows: Placed[][], op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    let { x, y } = op;
    let lines = op.text.split('\n');
    if (clip) {
      const { x1, x2, y1, y2 } = clip;
      const clipX = typeof x1 === 'number' && typeof x2 === 'number';
      const clipY = typeof y1 === 'number' && typeof y2 === 'number';
      // Entirely outside the clip: nothing of it shows.
      if (clipX && (x + this.caches.widestLine(op.text) < x1 || x > x2)) return;
      if (clipY && (y + lines.length < y1 || y > y2)) return;
      if (clipX) {
        const from = x < x1 ? x1 - x : 0;
        lines = lines.map((line) => {
          const width = this.caches.width(line);
          return sliceAnsi(line, from, x + width > x2 ? x2 - x : width);
        });
        if (x < x1) x = x1;
      }
      if (clipY) {
        const height = lines.length;
        lines = lines.slice(y < y1 ? y1 - y : 0, y + height > y2 ? y2 - y : height);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      const row = rows[y + offsetY];
      // As in Ink: a line outside the pre-sized grid is dropped, and does not advance the row.
      if (!row) continue;
      let line = lines[index]!;
      for (const transform of op.transformers) line = transform(line, index);
      row.push({ x, line });
      offsetY++;
    }
  }

  /** A row's final string from its writes in order: plain ones copied in, the rest through Ink's own functions. */
  private row(placed: readonly Placed[]): string {
    const plain = placed.map((p) => isPlainAscii(p.line));
    if (!plain.includes(false)) {
      // Characters only (no styled cells), so join() below reads them as they are.
      const cells = new Array<string>(this.width).fill(' ');
      for (const { x, line } of placed) copyPlain(cells, x, line);
      // Holes (a write that began past the row's end) are skipped, as Ink filters them out; join skips them too.
      return cells.join('').trimEnd();
    }
    // A styled row is a pure function of the width and its writes, and mostly the same from frame to frame
    // (the process list while a log floods), so its string is remembered across frames.
    let key = String(this.width);
    for (const { x, line } of placed) key += `\u0000${x}\u0001${line}`;
    const cached = ROW_CACHE.get(key);
    if (cached !== undefined) return cached;
    const cells = this.blankRow();
    placed.forEach(({ x, line }, i) => (plain[i] ? copyPlain(cells, x, line) : this.placeStyled(cells, x, line)));
    const built = styledRowToString(cells);
    if (ROW_CACHE.size >= ROW_CACHE_MAX) ROW_CACHE.clear();
    ROW_CACHE.set(key, built);
    return built;
  }

  private blankRow(): Cell[] {
    return new Array<Cell>(this.width).fill(' ');
  }

  private placeStyled(row: Cell[], x: number, line: string): void {
    let offsetX = x;
    for (const character of this.caches.styledChars(line)) {
      row[offsetX] = character;
      // Ink measures each character with string-width, so a wide one takes its columns and blanks the rest.
      const width = Math.max(1, this.caches.width(character.value));
      for (let i = 1; i < width; i++) row[offsetX + i] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
      offsetX += width;
    }
  }
}

/** A plain line is one cell per character, no style: its characters go in as they are. */
function copyPlain(cells: Cell[], x: number, line: string): void {
  for (let i = 0; i < line.length; i++) cells[x + i] = line[i];
}

/** One line as placed on a row: where it starts and what it is after clipping and transforms. */
interface Placed {
  readonly x: number;
  readonly line: string;
}

/** Styled rows seen recently, by width and writes. Bounded: a flood of changing rows only ever refills it. */
const ROW_CACHE = new Map<string, string>();
const ROW_CACHE_MAX = 512;

const PLAIN: StyledChar['styles'] = [];

/**
 * A row with styled cells as Ink writes it (ansi-tokenize's styledCharsToString): styles diffed cell to cell,
 * holes skipped, the last style closed, trailing spaces trimmed. The diff between two cells with the same codes
 * is empty, so it is only computed where the style changes: the library builds three Sets per cell to find that
 * out, which made it one of the hottest functions of a flood frame (and one of V8's biggest optimising jobs).
 */
function styledRowToString(row: readonly Cell[]): string {
  let out = '';
  let prev: StyledChar['styles'] | undefined;
  for (const cell of row) {
    if (cell === undefined) continue;
    const styles = typeof cell === 'string' ? PLAIN : cell.styles;
    if (prev === undefined) out += ansiCodesToString(styles);
    else if (!sameCodes(prev, styles)) out += ansiCodesToString(diffAnsiCodes(prev, styles));
    out += typeof cell === 'string' ? cell : cell.value;
    prev = styles;
  }
  if (prev !== undefined) out += ansiCodesToString(diffAnsiCodes(prev, []));
  return out.trimEnd();
}

function sameCodes(a: StyledChar['styles'], b: StyledChar['styles']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}
