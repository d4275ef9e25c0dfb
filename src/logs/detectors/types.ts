/** The family of tool whose failure a detected error comes from. */
export type ErrorKind = 'js' | 'ts' | 'build' | 'test' | 'python' | 'go' | 'rust' | 'npm';

/** Where an error points in the user's source, as printed by the tool (file paths are not resolved). */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
}

/** One failure, recognised by its shape and grouped with the lines that belong to it. */
export interface DetectedError {
  readonly proc: string;
  /** The seq of the group's first line, so a view can jump to it. */
  readonly seq: number;
  readonly kind: ErrorKind;
  /** The most telling line of the group (plain text). */
  readonly message: string;
  readonly location?: SourceLocation;
  /** The grouped context, header first, in plain text (ANSI removed). */
  readonly lines: readonly string[];
}

export type Detection =
  | { readonly kind: 'error'; readonly error: DetectedError }
  | { readonly kind: 'url'; readonly proc: string; readonly seq: number; readonly url: string };
