import type { SourceLocation } from './types';

// Small shape tests shared by several error groups.

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Starts with a space or a tab: most tools indent the body of an error under its header. */
export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}

// Babel/Next/vitest code frames: `  4 | code`, `> 5 | code`, `    |     ^`, and esbuild's box-drawing `│`.
const CODE_FRAME = /^\s*>?\s*\d*\s*[|│]/;

export function isCodeFrame(line: string): boolean {
  return CODE_FRAME.test(line);
}

/** node prints ESM paths as file URLs; a reader wants the path. */
export function cleanFile(file: string): string {
  return file.startsWith('file://') ? file.slice(7) : file;
}

const FILE_LINE_COL = /^(.+?):(\d+)(?::(\d+))?$/;

/** Parses `path:line` or `path:line:col` (the whole string). */
export function parseFileLineCol(text: string): SourceLocation | undefined {
  const m = FILE_LINE_COL.exec(text);
  if (m === null) return undefined;
  return at(cleanFile(m[1] ?? ''), m[2], m[3]);
}

/** Builds a location from regex captures, leaving out the parts that were not printed. */
export function at(file: string, line?: string, col?: string): SourceLocation {
  if (line === undefined) return { file };
  if (col === undefined) return { file, line: Number(line) };
  return { file, line: Number(line), col: Number(col) };
}

/** A location inside node itself or a runtime that a user cannot open. */
function isInternal(file: string): boolean {
  return file.startsWith('node:') || file.startsWith('internal/') || file === 'native' || file.startsWith('<');
}

/**
 * The location named by a JS stack frame (`    at fn (/x/a.js:3:9)` or `    at /x/a.js:3:9`), or
 * undefined when the line is not a frame or names nothing openable.
 */
export function parseStackFrame(line: string): SourceLocation | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('at ')) return undefined;
  // The last frame before node's property dump ends in ` {`.
  let target = trimmed.endsWith('{') ? trimmed.slice(3, -1).trimEnd() : trimmed.slice(3);
  if (target.endsWith(')')) {
    const open = target.lastIndexOf('(');
    if (open === -1) return undefined;
    target = target.slice(open + 1, -1);
  }
  const loc = parseFileLineCol(target);
  if (loc === undefined || loc.col === undefined || isInternal(loc.file)) return undefined;
  return loc;
}

/** Frames inside dependencies are a fallback: the user's own frame is the one worth opening. */
export function isDependency(loc: SourceLocation): boolean {
  return loc.file.includes('node_modules');
}

const STACK_FRAME = /^\s+at\s/;

/** `    at ...` */
export function isStackFrame(line: string): boolean {
  return STACK_FRAME.test(line);
}
