/**
 * The TUI bundle's entry (dist/tui.cjs): the TUI, plus the step that readies its layout engine, which the
 * launcher awaits before handing the bundle over (see components/ink-output/yoga-deferred.ts).
 */
export { runTui } from './run-tui';
export { loadLayoutEngine } from './ink-output/yoga-deferred';
