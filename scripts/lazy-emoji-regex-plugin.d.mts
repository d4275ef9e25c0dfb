import type { Plugin as EsbuildPlugin } from 'esbuild';

export declare function lazyEmojiRegex(source: string, file: string): string | undefined;
export declare const lazyEmojiRegexEsbuild: EsbuildPlugin;
