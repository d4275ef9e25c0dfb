import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isIndented } from './line-shapes';

// tsc's two layouts: `src/a.ts(12,5): error TS2322: msg` and, with --pretty, `src/a.ts:12:5 - error TS2322: msg`;
// project-level errors have no file: `error TS5023: Unknown compiler option 'x'.`
const PLAIN = /^(\S.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const PRETTY = /^(\S.*?):(\d+):(\d+) - error (TS\d+): (.*)$/;
const BARE = /^error (TS\d+): (.*)$/;
// The numbered source line of a --pretty excerpt: `12   const x: number = 'a';`.
const GUTTER = /^\d+\s/;

class TypeScriptErrorGroup extends ErrorGroup {
  constructor(code: string, text: string, private readonly pretty: boolean) {
    super('ts');
    this.message = `${code}: ${text}`;
  }

  // The body is indented (chained messages, squiggles) or, with --pretty, the numbered excerpt.
  accept(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    if (isIndented(line)) return 'take';
    if (this.pretty && GUTTER.test(line)) return 'take';
    return 'end';
  }

  locate(file: string, line: string, col: string): this {
    this.location = at(file, line, col);
    return this;
  }
}

export function startTypeScriptError(line: string): ErrorGroup | null {
  if (!line.includes('error TS')) return null;
  const plain = PLAIN.exec(line);
  if (plain !== null) {
    const [, file = '', row = '', col = '', code = '', text = ''] = plain;
    return new TypeScriptErrorGroup(code, text, false).locate(file, row, col);
  }
  const pretty = PRETTY.exec(line);
  if (pretty !== null) {
    const [, file = '', row = '', col = '', code = '', text = ''] = pretty;
    return new TypeScriptErrorGroup(code, text, true).locate(file, row, col);
  }
  const bare = BARE.exec(line);
  if (bare !== null) return new TypeScriptErrorGroup(bare[1] ?? '', bare[2] ?? '', false);
  return null;
}
