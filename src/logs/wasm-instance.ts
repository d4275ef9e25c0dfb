/** The little of the WebAssembly API brum needs (this project's TypeScript libs do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

/**
 * The exports of a wasm module given as base64 (brum's modules are committed that way: no assembler at install),
 * or null where this Node cannot run it (no WebAssembly, or no SIMD): the caller then keeps its plain path.
 */
export function instantiateWasm(base64: string): unknown {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return null;
    return new wasm.Instance(new wasm.Module(Buffer.from(base64, 'base64'))).exports;
  } catch {
    return null;
  }
}
