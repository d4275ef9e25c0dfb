import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export type EnvFilesResult = { readonly ok: true; readonly env: Record<string, string> } | { readonly ok: false; readonly reason: string };

/**
 * Reads env files in order (a later file wins), as they are now: the supervisor calls this at every start, so an
 * edit to .env is seen by the next restart without reloading anything. Node's own dotenv parser, so quoting and
 * `export` prefixes read as they do for `node --env-file`.
 */
export function readEnvFiles(paths: readonly string[]): EnvFilesResult {
  const env: Record<string, string> = {};
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === 'ENOENT' ? `env_file not found: ${file}` : `cannot read env_file ${file}: ${code ?? String(error)}` };
    }
    for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) env[key] = value;
  }
  return { ok: true, env };
}
