/**
 * A problem with what the user asked for (a bad name, a missing folder, a broken package.json). The CLI prints
 * it as one line, `brum: <message>`, and exits 2. No stack trace: the user did nothing the code must explain.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * By name as well as by class: `brum mcp` runs in a bundle of its own (dist/mcp.cjs) with its own copy of this
 * class, and its user errors must still be one line and exit 2, not an "internal error".
 */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && error.name === 'UserError');
}
