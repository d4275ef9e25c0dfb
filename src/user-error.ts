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

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
