import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { ProcessDef } from '../defs/process-def';

/** What a reload changes: processes to add, to remove, to replace (and restart if running), and to leave alone. */
export interface DefDiff {
  readonly added: readonly ProcessDef[];
  readonly removed: readonly string[];
  readonly changed: readonly ProcessDef[];
  readonly unchanged: readonly string[];
}

/** The text of every env file, by path (null: missing), as a process would read it at its next start. */
export type EnvSnapshot = ReadonlyMap<string, string | null>;

export function snapshotEnvFiles(defs: readonly ProcessDef[]): EnvSnapshot {
  const texts = new Map<string, string | null>();
  for (const def of defs) {
    for (const file of def.envFiles ?? []) {
      if (texts.has(file)) continue;
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch {
        texts.set(file, null);
      }
    }
  }
  return texts;
}

/**
 * Pure: compares two sets of definitions process by process, everything a definition holds (command, cwd, env,
 * probe, restart, stop, dependencies, watch…) and the contents of its env files, since a process reads those at
 * start: an edited .env changes the process as much as an edited command.
 */
export function diffDefs(before: readonly ProcessDef[], after: readonly ProcessDef[], envBefore: EnvSnapshot, envAfter: EnvSnapshot): DefDiff {
  const old = new Map(before.map((d) => [d.id, d]));
  const next = new Set(after.map((d) => d.id));
  const added: ProcessDef[] = [];
  const changed: ProcessDef[] = [];
  const unchanged: string[] = [];
  for (const def of after) {
    const prev = old.get(def.id);
    if (prev === undefined) added.push(def);
    else if (!isDeepStrictEqual(prev, def) || envChanged(def, envBefore, envAfter)) changed.push(def);
    else unchanged.push(def.id);
  }
  const removed = before.filter((d) => !next.has(d.id)).map((d) => d.id);
  return { added, removed, changed, unchanged };
}

function envChanged(def: ProcessDef, before: EnvSnapshot, after: EnvSnapshot): boolean {
  return (def.envFiles ?? []).some((file) => before.get(file) !== after.get(file));
}
