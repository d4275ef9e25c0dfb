import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export declare const FAST_OUTPUT: string;
export declare const FAST_STRING_WIDTH: string;
export declare function isInkOutputImport(source: string, importer: string | undefined): boolean;
export declare const inkFastOutputEsbuild: EsbuildPlugin;
export declare const inkFastOutputVite: VitePlugin;
