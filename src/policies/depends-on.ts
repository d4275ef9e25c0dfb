import type { Dependency, DependencyCondition } from '../defs/process-def';
import { isFinished, type ProcessState } from '../state/process-state';

/** Where one dependency stands: its condition holds, may still hold, or never will (and why). */
export type ConditionState = { readonly kind: 'holds' } | { readonly kind: 'pending' } | { readonly kind: 'never'; readonly reason: string };

const HOLDS: ConditionState = { kind: 'holds' };
const PENDING: ConditionState = { kind: 'pending' };
const never = (reason: string): ConditionState => ({ kind: 'never', reason });

/**
 * Pure: whether `condition` holds of the dependency's snapshot. A dependency that will restart (`restarting`) or
 * has not begun yet is pending, not lost: it may still get there. The reasons name the dependency, because they
 * become the dependent's own reason ("db failed: exited with code 1").
 */
export function conditionState(dep: ProcessState, condition: DependencyCondition): ConditionState {
  const ended = isFinished(dep.status);
  const endedWhy = (): string =>
    dep.status === 'failed' ? `${dep.name} failed: ${dep.reason ?? 'unknown reason'}` : `${dep.name} was stopped`;
  switch (condition) {
    case 'started':
      if (dep.status === 'running' || dep.status === 'stopping') return HOLDS;
      // A one-shot that ran and ended did start.
      if (ended && dep.startedAt !== null) return HOLDS;
      return ended ? never(endedWhy()) : PENDING;
    case 'ready':
      if (dep.status === 'running' && dep.readiness?.state === 'ready') return HOLDS;
      if (dep.status === 'running' && dep.readiness?.state === 'unready') return never(`${dep.name} ${dep.readiness.reason}`);
      if (ended && dep.status === 'failed') return never(endedWhy());
      if (ended) return never(dep.readiness?.state === 'ready' ? `${dep.name} exited` : `${dep.name} ended before it was ready`);
      return PENDING;
    case 'succeeded':
      if (dep.status === 'exited' && dep.exitCode === 0 && dep.signal === null) return HOLDS;
      if (dep.status === 'exited') return never(`${dep.name} was stopped before it succeeded`);
      return dep.status === 'failed' ? never(endedWhy()) : PENDING;
    case 'exited':
      if (ended && dep.startedAt !== null) return HOLDS;
      // Never started at all (a missing command, say): there is no exit to wait for.
      return ended ? never(endedWhy()) : PENDING;
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown condition ${String(unreachable)}`);
    }
  }
}

/**
 * Whether a dependent's start must start this dependency first: not when it is on its way already (running,
 * waiting, restarting), nor when what the dependent needs already holds (a migration that succeeded earlier is not
 * run again).
 */
export function needsStart(dep: ProcessState, condition: DependencyCondition): boolean {
  if (dep.status !== 'idle' && !isFinished(dep.status)) return false;
  return conditionState(dep, condition).kind !== 'holds';
}

/** "db: ready, migrate: succeeded": what a waiting process shows. */
export function describeWait(deps: readonly Dependency[]): string {
  return deps.map((d) => `${d.id}: ${d.condition}`).join(', ');
}

/**
 * The order to stop in: every process after all the processes that depend on it, so dependents stop before their
 * dependencies. Returns groups that may stop together. Definitions are acyclic (the project file rejects a cycle);
 * a dependency on an unknown id is ignored.
 */
export function stopLayers(deps: ReadonlyMap<string, readonly Dependency[]>): string[][] {
  const dependents = new Map<string, Set<string>>();
  for (const id of deps.keys()) dependents.set(id, new Set());
  for (const [id, list] of deps) for (const d of list) dependents.get(d.id)?.add(id);
  const layers: string[][] = [];
  const done = new Set<string>();
  while (done.size < deps.size) {
    const layer = [...deps.keys()].filter((id) => !done.has(id) && [...(dependents.get(id) ?? [])].every((x) => done.has(x)));
    // A cycle slipped through: stop the rest together rather than never.
    const next = layer.length > 0 ? layer : [...deps.keys()].filter((id) => !done.has(id));
    for (const id of next) done.add(id);
    layers.push(next);
  }
  return layers;
}
