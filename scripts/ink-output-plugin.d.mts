import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export declare const FAST_OUTPUT: string;
export declare const INK_SWAPS: Readonly<Record<string, string>>;
export declare function inkSwapFor(source: string, importer: string | undefined): string | undefined;
export declare const inkFastOutputEsbuild: EsbuildPlugin;
export declare const inkFastOutputVite: VitePlugin;
