// Named imports from zod/mini: the bundler keeps only these, where `z` would pull all of zod (~700 KB, ~70 ms to
// load) onto the start-up path of every command.
import { looseObject, nullish, record, string, unknown } from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import type { infer as Infer } from 'zod/mini';
import { UserError } from '../user-error';

/**
 * The part of package.json brum reads. Unknown fields pass untouched: package.json belongs to many tools. A script
 * whose command is not a string is skipped rather than rejected (as brum always has; a test holds it), so `scripts`
 * is validated as an object here and its entries are filtered by the caller.
 */
const PackageJsonSchema = looseObject(
  {
    name: nullish(string({ error: 'must be a string' })),
    packageManager: nullish(string({ error: 'must be a string such as "pnpm@9.1.0"' })),
    scripts: nullish(record(string(), unknown(), { error: 'must be an object of script name → command' })),
  },
  { error: 'must contain a JSON object' },
);

export type PackageJson = Infer<typeof PackageJsonSchema>;

/**
 * Parses the text of `file` into the fields brum uses. Bad input is one UserError line: invalid JSON names its
 * line and column, a wrong type names its path in the file and the type that was found.
 */
export function parsePackageJson(file: string, raw: string): PackageJson {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new UserError(jsonSyntaxMessage(file, raw, (error as Error).message));
  }
  const result = PackageJsonSchema.safeParse(value);
  if (result.success) return result.data;
  // Only the first problem: one line the user can act on, then the next run shows the next one.
  const issue = result.error.issues[0];
  if (issue === undefined) throw new UserError(`${file} is not a valid package.json.`);
  return fail(file, value, issue);
}

function fail(file: string, value: unknown, issue: $ZodIssue): never {
  const got = typeName(valueAt(value, issue.path));
  if (issue.path.length === 0) throw new UserError(`${file} ${issue.message} (got ${got}).`);
  throw new UserError(`${quotePath(issue.path)} in ${file} ${issue.message} (got ${got}).`);
}

/** `"scripts"`, `"a.b[0]"`, `"scripts["dev:web"]"`: how the place would be written in JavaScript, quoted. */
export function quotePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return `"${out}"`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The JSON name of a parsed value's type, as a user would say it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * V8 reports a syntax error by offset ("… in JSON at position 13"); an editor wants line:col. An error at the end
 * of the input ("Unexpected end of JSON input") carries no offset, and is placed after the last character.
 */
export function jsonSyntaxMessage(file: string, raw: string, message: string): string {
  const at = /\s*in JSON at position (\d+).*$/.exec(message);
  const offset = at === null ? raw.length : Number(at[1]);
  const reason = at === null ? message : message.slice(0, at.index);
  const { line, col } = lineCol(raw, offset);
  return `${file}:${line}:${col} is not valid JSON (${reason}). Fix it and try again.`;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}
