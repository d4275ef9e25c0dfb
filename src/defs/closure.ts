import type { ProcessDef } from './process-def';

/** The definitions of `ids` and of everything they depend on, transitively, in the order of `defs`. */
export function withDependencies(defs: readonly ProcessDef[], ids: readonly string[]): ProcessDef[] {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep.id);
  };
  ids.forEach(visit);
  return defs.filter((d) => seen.has(d.id));
}
