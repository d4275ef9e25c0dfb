/**
 * The single owner of process exit. Everything else returns an exit code; only here is stdout flushed and the
 * process ended, so no caller can cut off output that is still on its way to a pipe.
 */
export async function exitWith(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

/** One line on stderr, prefixed, as every user-facing error is. */
export function printError(message: string): void {
  process.stderr.write(`brum: ${message}\n`);
}
