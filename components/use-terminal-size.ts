import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  readonly rows: number;
  readonly columns: number;
}

function read(stdout: NodeJS.WriteStream): TerminalSize {
  // Not a TTY (a pipe, a test double): a classic 80×24 rather than 0.
  return { rows: stdout.rows || 24, columns: stdout.columns || 80 };
}

/** The terminal's size, updated on 'resize'. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => {
      const next = read(stdout);
      setSize((prev) => (prev.rows === next.rows && prev.columns === next.columns ? prev : next));
    };
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
