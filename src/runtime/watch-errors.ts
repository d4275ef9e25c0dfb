/** What to do about the errors that have a remedy; `%s` is where (the path, when the error names one). */
const ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'the system limit on watched files was reached%s; raise fs.inotify.max_user_watches or watch fewer paths',
  EMFILE: 'too many open files%s; raise the open-file limit (ulimit -n) or watch fewer paths',
  ENFILE: 'too many open files%s; raise the open-file limit (ulimit -n) or watch fewer paths',
  EACCES: 'permission denied%s; that path is not watched',
  EPERM: 'permission denied%s; that path is not watched',
};

/** One line that says what failed, where, and what to do when there is something to do. */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const advice = e?.code ? ADVICE[e.code] : undefined;
  if (advice) return `file watcher: ${advice.replace('%s', typeof e.path === 'string' ? ` (${e.path})` : '')}`;
  const message = error instanceof Error ? error.message : String(error);
  // Node's own messages start with the code ("EIO: i/o error, watch '…'"); others get it in front.
  return `file watcher: ${e?.code && !message.startsWith(e.code) ? `${e.code}: ` : ''}${message}`;
}
