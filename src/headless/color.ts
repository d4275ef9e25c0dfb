/**
 * Colour is on for a TTY, off for a pipe; NO_COLOR and --no-color turn it off, and FORCE_COLOR (not "0")
 * forces it on even into a pipe (as CI log viewers expect).
 */
export function shouldUseColor(opts: { flag: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return opts.isTTY;
}

// Bright, distinguishable foregrounds; red is left out so a prefix is never mistaken for an error.
const PALETTE = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94] as const;

export function paletteColor(index: number): number {
  return PALETTE[index % PALETTE.length] ?? 36;
}

export function paint(code: number, text: string): string {
  return `\x1b[${code}m${text}\x1b[39m`;
}

export function dim(text: string): string {
  return `\x1b[2m${text}\x1b[22m`;
}
