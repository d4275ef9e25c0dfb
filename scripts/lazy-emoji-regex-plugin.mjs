// string-width builds `/^\p{RGI_Emoji}$/v` when its module loads, and V8 takes 16–18 ms here to build that one
// regex (it expands a property of strings, every RGI emoji sequence). The TUI bundle loads while the first
// script's npm starts, so those milliseconds were taken from npm on a two-core machine, and the first frame came
// that much later (docs/performance.md, entry 3f). This builds it on its first use instead: only a line whose width
// string-width must measure cluster by cluster ever needs it. string-width uses it only through `.test`.
import { readFileSync } from 'node:fs';

const EAGER = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const LAZY = 'let rgiEmojiBuilt; const rgiEmojiRegex = { test: (text) => (rgiEmojiBuilt ??= /^\\p{RGI_Emoji}$/v).test(text) };';

/**
 * string-width's source with the regex built on first use, or undefined for a version without it (wrap-ansi's own
 * older copy uses emoji-regex, which builds nothing at load). Throws when the source has the regex in another form:
 * string-width changed, and this must be looked at again.
 */
export function lazyEmojiRegex(source, file) {
  // A declaration that builds it, not a comment that mentions it.
  if (!/^\s*(const|let|var)\s.*RGI_Emoji/m.test(source)) return undefined;
  if (!source.includes(EAGER)) throw new Error(`lazy-emoji-regex: ${file} no longer holds \`${EAGER}\`; has string-width changed?`);
  return source.replace(EAGER, LAZY);
}

/** The esbuild plugin (scripts/build.mjs). */
export const lazyEmojiRegexEsbuild = {
  name: 'lazy-emoji-regex',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const contents = lazyEmojiRegex(readFileSync(args.path, 'utf8'), args.path);
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
  },
};
