import { escapeRegExp } from '../escape-regexp';
import type { ErrorGroup } from './error-group';
import { startBundlerError } from './bundler-errors';
import { startCompileFailure, startNextFileError } from './compile-failure';
import { startGoPanic } from './go-panic';
import { startJsError, startNodeCrash } from './js-error';
import { startNpmError } from './npm-error';
import { startPythonTraceback } from './python-traceback';
import { startRustError } from './rust-error';
import { startTestFailure } from './test-failures';
import { startTypeScriptError } from './typescript-error';

/**
 * One regex that every header shape needs to pass: "Error", "error", "[ERROR]", "npm ERR!", "FAIL",
 * "Failed to compile", "Traceback", "panic:", "Module not found". Ordinary lines fail it, and that is the
 * common case. Lines that only end in a digit go to the path-shaped headers instead.
 */
export const ERROR_MARKS: readonly string[] = ['ERR', 'FAIL', 'Fail', 'Traceback', 'Module not', 'panic', 'rror'];
export const MAY_START_ERROR = new RegExp(ERROR_MARKS.map(escapeRegExp).join('|'));

// Most specific first: a tsc line also contains "error", a vitest body line can look like a JS error.
const STARTERS: readonly ((line: string) => ErrorGroup | null)[] = [
  startTypeScriptError,
  startBundlerError,
  startCompileFailure,
  startTestFailure,
  startPythonTraceback,
  startGoPanic,
  startRustError,
  startNpmError,
  startJsError,
];

/** The group a plain-text line starts, or null for the vast majority of lines that start none. */
export function startErrorGroup(line: string): ErrorGroup | null {
  if (MAY_START_ERROR.test(line)) {
    for (const start of STARTERS) {
      const group = start(line);
      if (group !== null) return group;
    }
  }
  if (endsWithDigit(line)) {
    // Both path headers are rare; their cheap marks (no space at all, the ⨯ glyph) spare most lines the regex.
    if (!line.includes(' ')) return startNodeCrash(line);
    if (line.includes('⨯')) return startNextFileError(line);
  }
  return null;
}

export function endsWithDigit(line: string): boolean {
  const c = line.charCodeAt(line.length - 1);
  return c >= 48 && c <= 57;
}
