// The TUI bundle builds string-width's RGI emoji regex on first use, not when it loads (scripts/lazy-emoji-regex-plugin.mjs):
// V8 takes ~17 ms to build that one regex, taken from the first frame and from npm's start-up beside it.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyEmojiRegex } from '../scripts/lazy-emoji-regex-plugin.mjs';
import { ROOT } from './helpers/brum';

const STRING_WIDTH = path.join(ROOT, 'node_modules/string-width/index.js');

describe('lazy RGI emoji regex', () => {
  it('dist/tui.cjs builds no RGI emoji regex at load', () => {
    const bundle = readFileSync(path.join(ROOT, 'dist/tui.cjs'), 'utf8');
    expect(bundle).toContain('RGI_Emoji');
    // A regex the bundle's top level builds is a `var … = new RegExp(…)` (or a literal) at the start of a line.
    expect(bundle).not.toMatch(/^var \w+ = (new RegExp\(|\/).*RGI_Emoji/m);
  });

  it('measures exactly as string-width does', async () => {
    const patched = lazyEmojiRegex(readFileSync(STRING_WIDTH, 'utf8'), STRING_WIDTH);
    expect(patched).toBeDefined();
    // In a scratch folder whose node_modules is the project's, so its imports resolve to the same packages
    // and nothing is written into the dependency tree.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-lazy-emoji-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const copy = path.join(dir, 'string-width.mjs');
    writeFileSync(copy, patched as string);
    try {
      const lazy = ((await import(copy)) as { default: (s: string) => number }).default;
      const real = ((await import(STRING_WIDTH)) as { default: (s: string) => number }).default;
      const samples = ['', 'plain', '➜  Local: http://localhost:5173/', '⨯ error', '🚀 ready', '👩‍👩‍👧 family', '🇫🇷', '1️⃣', '古池や', '\x1b[31m✓\x1b[39m done', 'é', '❤', '❤️', '☺️ ok'];
      for (const s of samples) expect(lazy(s), JSON.stringify(s)).toBe(real(s));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves wrap-ansi's older string-width alone, and stops the build when string-width declares it another way", () => {
    const older = path.join(ROOT, 'node_modules/wrap-ansi/node_modules/string-width/index.js');
    expect(lazyEmojiRegex(readFileSync(older, 'utf8'), older)).toBeUndefined();
    expect(() => lazyEmojiRegex('const emojiRegex = new RegExp("^\\\\p{RGI_Emoji}$", "v");', 'x.js')).toThrow(/has string-width changed/);
  });
});
