import { expect } from 'vitest';
import { isUserError, UserError } from '../../src/user-error';

/** Runs `fn`, expecting a UserError, and returns its message. */
export function userErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect(isUserError(error)).toBe(true);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}
