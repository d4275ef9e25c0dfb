import type { BrumState, ErrorSummary } from '../src/state/store';

/** Every detected error in the order the errors view lists them: by process (list order), then oldest first. */
export function errorRows(state: Pick<BrumState, 'order' | 'errors'>): readonly ErrorSummary[] {
  const rows: ErrorSummary[] = [];
  for (const id of state.order) for (const e of state.errors[id] ?? []) rows.push(e);
  return rows;
}
