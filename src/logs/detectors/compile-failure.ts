import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isCodeFrame, isIndented } from './line-shapes';

// Next.js and create-react-app: `Failed to compile.`, a blank line, the file (`./app/page.tsx:5:3`), the message.
const FAILED = /^\s*(?:[⨯✖×]\s*)?Failed to compile\.?\s*$/;
// Next's dev server puts the file first: ` ⨯ ./app/page.tsx:2:0`, then the message on the next line.
const NEXT_FILE_HEADER = /^\s*⨯\s+(\.{0,2}\/?[^\s:]+\.\w+):(\d+):(\d+)$/;
const FILE_LINE = /^(\.{0,2}\/?[^\s:]+\.\w+)(?::(\d+)(?::(\d+))?)?$/;
// create-react-app's eslint list: `  Line 5:3:  'foo' is not defined  no-undef`.
const CRA_LINE = /^\s+Line (\d+):(\d+):\s+(.*)$/;
// Next's status lines (` ⨯ …`, ` ✓ Ready`, ` ○ Compiling`) are indented but start something new.
const NEXT_STATUS = /^\s*[⨯✓○▲⚠]\s/;
const CLOSING = /^(?:Search for the keywords to learn more|To ignore, add \/\/ eslint-disable|> Build failed because|Next\.js build worker exited)/;

type Phase = 'file' | 'message' | 'body' | 'trace';

class CompileFailure extends ErrorGroup {
  private file: string | undefined;

  constructor(private phase: Phase) {
    super('build');
  }

  setFile(file: string, line?: string, col?: string): this {
    this.file = file;
    this.location = at(file, line, col);
    return this;
  }

  accept(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    if (CLOSING.test(line)) return 'done';
    switch (this.phase) {
      case 'file': {
        const m = FILE_LINE.exec(line.trim());
        if (m !== null) {
          this.setFile(m[1] ?? '', m[2], m[3]);
          this.phase = 'message';
          return 'take';
        }
        return this.takeMessage(line);
      }
      case 'message':
        return this.takeMessage(line);
      case 'body':
        if (NEXT_STATUS.test(line)) return 'end';
        if (line.startsWith('Import trace for requested module')) this.phase = 'trace';
        else if (!isIndented(line) && !isCodeFrame(line) && !/^https?:\/\/\S+$/.test(line)) return 'end';
        return 'take';
      case 'trace':
        return /^\.{0,2}\/\S+$/.test(line) ? 'take' : 'end';
      default: {
        const never: never = this.phase;
        return never;
      }
    }
  }

  private takeMessage(line: string): Step {
    const cra = CRA_LINE.exec(line);
    if (cra !== null && this.file !== undefined) {
      this.setFile(this.file, cra[1], cra[2]);
      this.message = cra[3] ?? '';
    } else {
      this.message = line.trim();
    }
    this.phase = 'body';
    return 'take';
  }
}

export function startCompileFailure(line: string): ErrorGroup | null {
  if (FAILED.test(line)) return new CompileFailure('file');
  return null;
}

/** Next's ` ⨯ ./app/page.tsx:2:0` header; checked only for lines that end in a digit. */
export function startNextFileError(line: string): ErrorGroup | null {
  const m = NEXT_FILE_HEADER.exec(line);
  return m === null ? null : new CompileFailure('message').setFile(m[1] ?? '', m[2], m[3]);
}
