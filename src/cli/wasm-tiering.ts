/**
 * V8's budget before it recompiles a hot WebAssembly function with its optimising compiler (Node 20's default).
 * The launcher sets it explicitly, and the TUI sets it back to exactly this after loading the layout engine
 * (components/ink-output/yoga-deferred.ts): V8 rejects a code cache saved under other flags, and this one is
 * part of the flags it compares.
 */
export const WASM_TIERING_BUDGET = 1_800_000;
