import type { Dependency } from '../defs/process-def';
import type { DependsOnEntry } from './brum-file-schema';
import type { Problem } from './brum-file-issues';
import { suggest } from './select';

/** One dependency with the place it was written, so a later check can point at it. */
export interface PlacedDependency {
  readonly dependency: Dependency;
  readonly path: readonly PropertyKey[];
  readonly anchor: 'key' | 'value';
}

/** `{db: ready}`, `{db: {condition: ready, restart: true}}` or `[db, migrate]` (each "started"), in file order. */
export function dependenciesOf(entry: DependsOnEntry | undefined, path: readonly PropertyKey[]): PlacedDependency[] | Problem {
  if (entry === undefined) return [];
  if (Array.isArray(entry)) {
    const placed: PlacedDependency[] = [];
    for (const [i, id] of entry.entries()) {
      const at = [...path, i];
      if (entry.indexOf(id) !== i) return { path: at, anchor: 'value', message: `"${id}" is listed twice` };
      placed.push({ dependency: { id, condition: 'started', restart: false }, path: at, anchor: 'value' });
    }
    return placed;
  }
  return Object.entries(entry).map(([id, value]) => ({
    dependency:
      typeof value === 'string'
        ? { id, condition: value, restart: false }
        : { id, condition: value.condition ?? 'started', restart: value.restart ?? false },
    path: [...path, id],
    anchor: 'key',
  }));
}

/**
 * The first problem with the dependencies of all processes, or null: a name that is not a process (with the
 * closest one), then a cycle, named along its edges (`dependency cycle: api → migrate → api`) and placed at its
 * first edge. A process that depends on itself is a cycle of one edge.
 */
export function dependencyProblem(graph: ReadonlyMap<string, readonly PlacedDependency[]>): Problem | null {
  const names = [...graph.keys()];
  for (const deps of graph.values()) {
    for (const { dependency, path, anchor } of deps) {
      if (graph.has(dependency.id)) continue;
      const hint = suggest(dependency.id, names);
      const tail = hint === null ? `Processes: ${names.join(', ')}` : `Did you mean "${hint}"?`;
      return { path, anchor, message: `unknown process "${dependency.id}". ${tail}` };
    }
  }
  const done = new Set<string>();
  const stack: string[] = [];
  const edges: PlacedDependency[] = [];
  const visit = (name: string): Problem | null => {
    stack.push(name);
    for (const edge of graph.get(name) ?? []) {
      const next = edge.dependency.id;
      edges.push(edge);
      const back = stack.indexOf(next);
      if (back !== -1) {
        const cycle = [...stack.slice(back), next];
        const first = edges[back] as PlacedDependency;
        return { path: first.path, anchor: first.anchor, message: `dependency cycle: ${cycle.join(' → ')}`, plain: true };
      }
      if (!done.has(next)) {
        const found = visit(next);
        if (found !== null) return found;
      }
      edges.pop();
    }
    stack.pop();
    done.add(name);
    return null;
  };
  for (const name of names) {
    if (done.has(name)) continue;
    const found = visit(name);
    if (found !== null) return found;
  }
  return null;
}
