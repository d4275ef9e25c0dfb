import type { $ZodIssue, $ZodRawIssue } from 'zod/v4/core';
import { suggest } from './select';
import { shown } from './issue-text';
import type { Anchor } from './yaml-position';

/** One thing wrong with the file: where (a path into it, and which end of that node) and what. */
export interface Problem {
  /** The place the message names, `processes.api.restart`. */
  readonly path: readonly PropertyKey[];
  /** The node to point at, when not the one `path` names: the unknown key under it. */
  readonly at?: readonly PropertyKey[];
  readonly anchor: Anchor;
  readonly message: string;
  /** Said without the path in front: the message names its places itself (a dependency cycle). */
  readonly plain?: boolean;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

/**
 * The wording of every issue the schema does not word itself (see `expecting` in brum-file-schema.ts), passed to
 * safeParse. zod/mini ships no locale, so without it every message would be "Invalid input".
 */
export function issueMessage(issue: $ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected} (got ${shown(issue.input)})`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => String(v)).join(' | ')} (got ${shown(issue.input)})`;
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return 'must not be empty';
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${got(issue.input)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${got(issue.input)}`;
    case 'invalid_format':
      return `does not match ${issue.pattern ?? issue.format} (got ${shown(issue.input)})`;
    case 'unrecognized_keys':
      return unknownKey(issue.keys[0] ?? '', knownKeys(issue.inst));
    default:
      return `is not valid (got ${shown(issue.input)})`;
  }
}

function got(input: unknown): string {
  return ` (got ${shown(input)})`;
}

function unknownKey(key: string, known: readonly string[]): string {
  const hint = suggest(key, known);
  if (hint !== null) return `unknown key "${key}". Did you mean "${hint}"?`;
  return `unknown key "${key}". Expected one of: ${known.join(', ')}`;
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** The one problem to report of a failed parse (`polcy:` is the news, not the absent `policy` it was meant to be). */
export function problemOf(issues: readonly $ZodIssue[]): Problem {
  if (issues.length === 0) return { path: [], anchor: 'value', message: 'is not valid' };
  return resolve(problemIssue(issues), []);
}

function resolve(issue: $ZodIssue, prefix: readonly PropertyKey[]): Problem {
  const path = [...prefix, ...issue.path];
  if (isMissing(issue)) return { path: path.slice(0, -1), anchor: 'key', message: `missing "${String(path[path.length - 1])}"` };
  switch (issue.code) {
    case 'invalid_union': {
      // A union reports every branch. When the value's kind fits only one of them (a map where a word or a map is
      // allowed), the problem is inside that branch, and the user wants its place and words.
      const fitting = issue.errors.filter((branch) => !branch.some(refusesKind));
      const only = fitting.length === 1 ? fitting[0] : undefined;
      if (only !== undefined && only.length > 0) return resolve(problemIssue(only), path);
      return { path, anchor: 'value', message: issue.message };
    }
    case 'unrecognized_keys':
      return { path, at: [...path, issue.keys[0] ?? ''], anchor: 'key', message: issue.message };
    case 'invalid_key':
      return {
        path: path.slice(0, -1),
        at: path,
        anchor: 'key',
        message: `invalid name "${String(path[path.length - 1])}": ${issue.issues[0]?.message ?? issue.message}`,
      };
    default:
      return { path, anchor: 'value', message: issue.message };
  }
}

/** The first issue, except that a misspelt key beats the missing key it was meant to be. */
function problemIssue(issues: readonly $ZodIssue[]): $ZodIssue {
  const first = issues[0] as $ZodIssue;
  if (!isMissing(first)) return first;
  const parent = first.path.slice(0, -1);
  return issues.find((i) => i.code === 'unrecognized_keys' && samePath(i.path, parent)) ?? first;
}

/** A branch of a union that refuses the value for its kind (a map where it takes a word), not for its content. */
function refusesKind(issue: $ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

/** A required key that is absent: zod reports it as a value of the wrong type (or no branch of a union), with no input. */
function isMissing(issue: $ZodIssue): boolean {
  return issue.input === undefined && issue.path.length > 0;
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
