import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export type EnvFilesResult =
  | { readonly ok: true; readonly env: Record<string, string> }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads env files in order, a later file's keys over an earlier one's, with Node's own dotenv parser (the rules of
 * `node --env-file`). The supervisor calls this at every start, so an edit to .env takes effect at the next restart
 * and a missing file becomes that process's failure to start, with the reason, rather than brum's.
 */
export function readEnvFiles(paths: readonly string[]): EnvFilesResult {
  const env: Record<string, string> = {};
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: `env_file not found: ${file}` };
      return { ok: false, reason: `cannot read env_file ${file}: ${(error as Error).message}` };
    }
    for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) env[key] = value;
  }
  return { ok: true, env };
}
