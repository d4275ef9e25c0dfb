import type { LineBlock } from '../line-block';
import type { LogEntry } from '../log-entry';
import type { Detection } from './types';
import type { ErrorGroup } from './error-group';
import { toPlainText } from './plain-text';
import { endsWithDigit, MAY_START_ERROR, startErrorGroup } from './shapes';
import { findUrls } from './urls';

/** Watches one process's output for errors and server URLs. */
export interface Detector {
  /**
   * Looks at the next line. Errors are reported when their group ends (at a later line or at `flush`), URLs
   * at once. The returned array is shared and frozen when it is empty: read it, do not keep or change it.
   */
  feed(entry: LogEntry): readonly Detection[];
  /** Reports the error still being grouped; call it when the process goes quiet or exits. */
  flush(): readonly Detection[];
  /** True while an error group is open: its next lines must be fed even if a block screens quiet. */
  readonly busy: boolean;
  /** False once it has reported all the URLs it keeps (MAX_URLS): a line's URL is then no reason to read it. */
  readonly wantsUrls: boolean;
}

/**
 * One pass over a whole block of raw lines decides whether any line in it could matter: the per-line triggers,
 * plus the path-shaped headers (`file.js:12` crash headers end in `:digits`, Next's carry `⨯`). A flood of
 * ordinary output then costs one native regex scan per block instead of any per-line work.
 */
export const BLOCK_SCREEN = new RegExp(`${MAY_START_ERROR.source}|:\\/\\/|\\x1b|:\\d+$|⨯`, 'm');

/**
 * For blocks the splitter's scan could not mark line by line (no `looks`: a `\r`, no wasm, a huge chunk, the line
 * carried over a chunk's end): the block's text when any of its lines could interest a detector (BLOCK_SCREEN
 * passes), else null. The text is read once, because a block that keeps bytes decodes on every read, and the
 * caller feeds its lines from this same string.
 */
export function screenBlock(block: LineBlock): string | null {
  // The splitter's scan already found which lines need a look (see LineBlock.looks).
  if (block.looks !== undefined && block.looks.length === 0) return null;
  const text = block.text;
  return block.hasEscape || BLOCK_SCREEN.test(text) ? text : null;
}

const NONE: readonly Detection[] = Object.freeze([]);
// A server that logs every request URL would otherwise grow this without end; the first ones are what matter.
const MAX_URLS = 256;
// One pass over a raw line decides whether it needs any further work: error shapes, a URL, or colour codes.
const WORTH_A_LOOK = new RegExp(`${MAY_START_ERROR.source}|:\\/\\/|\\x1b`);

/**
 * The hot path: most lines fail the single regex and cost nothing more. Stripping colours costs several
 * times that regex, and some loggers colour every line, so a coloured line is stripped only when its raw
 * text already shows a trigger. Colour codes wrap whole words in practice, so they do not hide one; a code
 * in the middle of a keyword would. Once a process has reported MAX_URLS URLs, `://` is no trigger any more: a
 * server that logs a URL per request costs nothing after its first ones.
 */
function worthALook(raw: string, wantUrls: boolean): boolean {
  if (!WORTH_A_LOOK.test(raw)) return endsWithDigit(raw);
  if (!raw.includes('\x1b')) return wantUrls || MAY_START_ERROR.test(raw) || endsWithDigit(raw);
  return MAY_START_ERROR.test(raw) || (wantUrls && raw.includes('://')) || endsWithDigitBeforeCodes(raw);
}

/** Whether the last visible character is a digit, looking past trailing SGR codes (`…:12\x1b[0m\x1b[39m`). */
function endsWithDigitBeforeCodes(raw: string): boolean {
  let end = raw.length;
  // Walks back over `ESC [ digits/; m` without allocating: this runs for every coloured line.
  while (end > 0 && raw.charCodeAt(end - 1) === 109 /* m */) {
    let i = end - 2;
    while (i >= 0) {
      const c = raw.charCodeAt(i);
      if ((c >= 48 && c <= 57) || c === 59) i--;
      else break;
    }
    if (i < 1 || raw.charCodeAt(i) !== 91 /* [ */ || raw.charCodeAt(i - 1) !== 27) break;
    end = i - 1;
  }
  const c = raw.charCodeAt(end - 1);
  return c >= 48 && c <= 57;
}

export function createDetector(proc: string): Detector {
  let open: ErrorGroup | null = null;
  let out: Detection[] | null = null;
  const urls = new Set<string>();

  function emit(detection: Detection): void {
    (out ??= []).push(detection);
  }

  function take(): readonly Detection[] {
    const result = out ?? NONE;
    out = null;
    return result;
  }

  function closeOpen(): void {
    const group = open;
    if (group === null) return;
    open = null;
    const error = group.toError(proc);
    if (error !== null) {
      emit({ kind: 'error', error });
      return;
    }
    // An unconfirmed header swallowed these lines; they deserve the look they would have had.
    for (let i = 1; i < group.lines.length; i++) scanForErrors(group.seqs[i] ?? 0, group.lines[i] ?? '');
  }

  function scanForErrors(seq: number, line: string): void {
    while (open !== null) {
      const step = open.accept(line);
      if (step !== 'end') {
        open.add(seq, line);
        if (step === 'done' || open.isFull) closeOpen();
        return;
      }
      // Closing may rescan held lines and leave a new group open, which then gets this line.
      closeOpen();
    }
    const group = startErrorGroup(line);
    if (group !== null) {
      group.add(seq, line);
      open = group;
    }
  }

  function scanForUrls(seq: number, line: string): void {
    for (const url of findUrls(line)) {
      const key = url.endsWith('/') ? url.slice(0, -1) : url;
      if (urls.has(key) || urls.size >= MAX_URLS) continue;
      urls.add(key);
      emit({ kind: 'url', proc, seq, url });
    }
  }

  return {
    feed(entry) {
      const raw = entry.text;
      const wantUrls = urls.size < MAX_URLS;
      if (open === null && !worthALook(raw, wantUrls)) return NONE;
      const line = toPlainText(raw);
      scanForErrors(entry.seq, line);
      if (wantUrls && line.includes('://')) scanForUrls(entry.seq, line);
      return take();
    },
    flush() {
      while (open !== null) closeOpen();
      return take();
    },
    get busy() {
      return open !== null;
    },
    get wantsUrls() {
      return urls.size < MAX_URLS;
    },
  };
}
