// Rewrites a bundle so that every character in it is ASCII, each other character as a `\uXXXX` escape (a pair of
// them beyond the BMP).
//
// Why: esbuild escapes non-ASCII characters in strings but leaves them in regular expressions and comments, and
// one such character (the detectors' ✓ or ⨯) is enough to make Node decode the whole bundle as a two-byte string:
// twice the memory, a slower decode, and a slower compile from V8's code cache. Launch → first spawn 190 → 181 ms
// (docs/performance.md, entry 2b).
//
// The escape means the same character wherever it lands: in a string or template, in a regular expression (with or
// without the u flag, where an escaped surrogate pair is one code point), in an identifier, or in a comment. A
// character already escaped by a backslash (`\✓`, an identity escape) loses that backslash, which it did not need.
import { readFileSync, writeFileSync } from 'node:fs';

export function escapeNonAscii(source) {
  return source.replace(/(\\*)([^\x00-\x7f])/gu, (_, slashes, char) => {
    let escaped = '';
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
    return (slashes.length % 2 === 1 ? slashes.slice(1) : slashes) + escaped;
  });
}

export function asciiBundle(file) {
  const source = readFileSync(file, 'utf8');
  const ascii = escapeNonAscii(source);
  if (ascii !== source) writeFileSync(file, ascii);
  if (/[^\x00-\x7f]/.test(ascii)) throw new Error(`${file} is still not ASCII`);
}
