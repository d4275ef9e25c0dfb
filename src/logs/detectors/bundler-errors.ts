import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isCodeFrame, isIndented, parseFileLineCol, parseStackFrame } from './line-shapes';

// esbuild (also inside vite): `✘ [ERROR] Could not resolve "./x"`, then an indented `src/a.ts:1:7:` line.
const ESBUILD = /^\s*(?:✘|X|×)\s+\[ERROR\]\s+(.*)$/;
const ESBUILD_LOCATION = /^\s+(\S.*?):(\d+):(\d+):$/;
// vite's dev server, optionally after its grey clock: `12:00:00 PM [vite] Internal server error: msg`.
const VITE = /^(?:\d{1,2}:\d{2}:\d{2}(?:\s?[AP]M)?\s+)?\[vite\]\s+(?:Internal server error|Pre-transform error|error while updating dependencies):\s*(.*)$/;
const FILE_LINE = /^\s*File:\s+(\S.*)$/i;
// Babel-style messages name the file and put the position at the end: `/app/src/App.tsx: Unexpected token (5:3)`.
const MESSAGE_POSITION = /^(\/\S+|[A-Za-z]:\\\S+|\.{1,2}\/\S+): .*\((\d+):(\d+)\)$/;
const VITE_BUILD = /^error during build:\s*$/;
// webpack 5: `ERROR in ./src/x.js 3:4-10`, `ERROR in ./src/x.js`, fork-ts-checker's `ERROR in src/x.ts:3:4`.
const WEBPACK = /^ERROR in (\S+?)(?::(\d+):(\d+)| (\d+):(\d+)(?:-\d+)?)?\s*$/;
const MODULE_NOT_FOUND = /^Module not found: (?:Error: )?Can't resolve/;

type Tool = 'esbuild' | 'vite' | 'other';

/** esbuild and vite: an indented body under the header, with the location on a line of its own. */
class IndentedBuildError extends ErrorGroup {
  constructor(message: string, private readonly tool: Tool) {
    super('build');
    this.message = message;
  }

  accept(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    if (!isIndented(line) && !isCodeFrame(line)) return 'end';
    if (this.message === '') this.message = line.trim();
    if (this.tool === 'esbuild') {
      const m = ESBUILD_LOCATION.exec(line);
      if (m !== null) this.location ??= at(m[1] ?? '', m[2], m[3]);
    } else if (this.tool === 'vite') {
      const m = FILE_LINE.exec(line);
      if (m !== null) this.location ??= parseFileLineCol(m[1] ?? '') ?? { file: m[1] ?? '' };
      else this.offerFrame(parseStackFrame(line));
    }
    return 'take';
  }

  locateFromMessage(): this {
    const m = MESSAGE_POSITION.exec(this.message);
    if (m !== null) this.location = at(m[1] ?? '', m[2], m[3]);
    return this;
  }
}

/** webpack and `vite build`: the body is not indented, so it runs up to the next blank line. */
class ParagraphBuildError extends ErrorGroup {
  constructor() {
    super('build');
  }

  accept(line: string): Step {
    if (isBlank(line)) return 'end';
    if (this.message === '') this.message = line.trim();
    const file = /^\s*file:\s+(\S+)$/i.exec(line);
    if (file !== null) this.location ??= parseFileLineCol(file[1] ?? '');
    return 'take';
  }

  locate(file: string, line?: string, col?: string): this {
    // `ERROR in [eslint]` and friends name a plugin, not a file.
    if (/[./\\]/.test(file)) this.location = at(file, line, col);
    return this;
  }
}

/** esbuild, vite and webpack failures, and a bare `Module not found: ... Can't resolve`. */
export function startBundlerError(line: string): ErrorGroup | null {
  if (line.includes('[ERROR]')) {
    const m = ESBUILD.exec(line);
    return m === null ? null : new IndentedBuildError(m[1] ?? '', 'esbuild');
  }
  if (line.includes('[vite]')) {
    const m = VITE.exec(line);
    return m === null ? null : new IndentedBuildError(m[1] ?? '', 'vite').locateFromMessage();
  }
  if (line.startsWith('ERROR in ')) {
    const m = WEBPACK.exec(line);
    return m === null ? null : new ParagraphBuildError().locate(m[1] ?? '', m[2] ?? m[4], m[3] ?? m[5]);
  }
  if (VITE_BUILD.test(line)) return new ParagraphBuildError();
  if (MODULE_NOT_FOUND.test(line)) return new IndentedBuildError(line.trim(), 'other');
  return null;
}
