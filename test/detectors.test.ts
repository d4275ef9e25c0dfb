import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { createDetector, findUrls, normaliseUrl } from '../src/logs/detectors';
import type { DetectedError, Detection } from '../src/logs/detectors';
import { detectAll, entry, loadFixtures } from './helpers/detector-fixtures';

const fixtures = loadFixtures();

function errorsOf(detections: readonly Detection[]): DetectedError[] {
  return detections.flatMap((d) => (d.kind === 'error' ? [d.error] : []));
}

function urlsOf(detections: readonly Detection[]): { line: number; url: string }[] {
  return detections.flatMap((d) => (d.kind === 'url' ? [{ line: d.seq, url: d.url }] : []));
}

describe('detector fixtures', () => {
  it('has a fixture for every tool family and the negatives', () => {
    const names = fixtures.map((f) => f.name);
    for (const name of ['tsc-plain', 'tsc-pretty', 'vite', 'esbuild', 'webpack', 'next', 'vitest', 'jest', 'node-stack', 'python-traceback', 'go-panic', 'rust', 'npm-err', 'negatives', 'urls']) {
      expect(names).toContain(name);
    }
  });

  it.each(fixtures)('$name: reports exactly the expected errors and URLs', ({ name, lines, expected }) => {
    // Given a recorded tool output, When it is fed line by line and flushed at the end
    const detections = detectAll(name, lines);
    // Then the errors match in number, order, start line, kind, location, message and group size
    const errors = errorsOf(detections);
    expect(errors.map((e) => ({ line: e.seq, kind: e.kind, location: e.location ?? null, lines: e.lines.length }))).toEqual(
      expected.errors.map((e) => ({ line: e.line, kind: e.kind, location: e.location, lines: e.lines })),
    );
    errors.forEach((error, i) => {
      expect(error.message).toContain(expected.errors[i]?.message);
      expect(error.proc).toBe(name);
      // The group starts with its header line, in plain text.
      expect(error.lines[0]).toBe(stripAnsi(lines[error.seq - 1] ?? ''));
    });
    // And the URLs are the expected ones, each reported on the line where it first appeared
    expect(urlsOf(detections)).toEqual(expected.urls);
  });

  it('negatives: lines that merely mention errors stay quiet', () => {
    const negatives = fixtures.find((f) => f.name === 'negatives');
    expect(negatives?.lines.length).toBeGreaterThan(40);
    expect(detectAll('neg', negatives?.lines ?? [])).toEqual([]);
  });
});

describe('createDetector', () => {
  it('holds an error until the line after its group, then reports it', () => {
    const detector = createDetector('api');
    expect(detector.feed(entry('api', 1, 'TypeError: x is not a function'))).toEqual([]);
    expect(detector.feed(entry('api', 2, '    at run (/app/src/run.js:3:9)'))).toEqual([]);
    const [detection] = detector.feed(entry('api', 3, 'server restarted'));
    expect(detection).toEqual({
      kind: 'error',
      error: {
        proc: 'api',
        seq: 1,
        kind: 'js',
        message: 'TypeError: x is not a function',
        location: { file: '/app/src/run.js', line: 3, col: 9 },
        lines: ['TypeError: x is not a function', '    at run (/app/src/run.js:3:9)'],
      },
    });
    expect(detector.flush()).toEqual([]);
  });

  it('reports the open group on flush, and a second flush reports nothing', () => {
    const detector = createDetector('api');
    detector.feed(entry('api', 7, 'Error: boom'));
    expect(errorsOf(detector.flush()).map((e) => e.seq)).toEqual([7]);
    expect(detector.flush()).toEqual([]);
  });

  it('reports a URL at once, once per detector, after removing colours', () => {
    const a = createDetector('web');
    const b = createDetector('docs');
    const line = '  ➜  Local:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m';
    expect(a.feed(entry('web', 1, line))).toEqual([{ kind: 'url', proc: 'web', seq: 1, url: 'http://localhost:5173/' }]);
    expect(a.feed(entry('web', 2, line))).toEqual([]);
    expect(b.feed(entry('docs', 3, line))).toHaveLength(1);
  });

  it('reports the first 256 URLs of a process and then stops looking for more, but not for errors', () => {
    // Given a server that logs a new URL on every line
    const d = createDetector('api');
    const found: Detection[] = [];
    for (let i = 0; i < 400; i++) found.push(...d.feed(entry('api', i, `GET http://localhost:${3000 + i}/items`)));
    // Then only the first 256 are reported
    expect(found.filter((f) => f.kind === 'url')).toHaveLength(256);
    expect(found.at(-1)).toEqual({ kind: 'url', proc: 'api', seq: 255, url: 'http://localhost:3255/items' });
    // And an error on a line with a URL, plain or coloured, is still found after that
    const err = [...d.feed(entry('api', 500, 'Error: fetch failed http://localhost:9/x')), ...d.feed(entry('api', 501, 'next')), ...d.flush()];
    expect(err.map((f) => f.kind)).toEqual(['error']);
    const red = [...d.feed(entry('api', 502, '\x1b[31mError: fetch failed http://localhost:9/x\x1b[39m')), ...d.feed(entry('api', 503, 'next')), ...d.flush()];
    expect(red.map((f) => f.kind)).toEqual(['error']);
  });

  it('caps a group at 50 lines and scans the rest normally', () => {
    const frames = Array.from({ length: 80 }, (_, i) => `    at f${i} (/app/a.js:${i + 1}:1)`);
    const errors = errorsOf(detectAll('p', ['Error: deep', ...frames, 'RangeError: second']));
    expect(errors.map((e) => [e.message, e.lines.length])).toEqual([
      ['Error: deep', 50],
      ['RangeError: second', 1],
    ]);
  });

  it("rescans the lines a node crash header held when no error line confirms it", () => {
    const errors = errorsOf(detectAll('p', ['/app/src/a.js:3', 'TypeError: boom', '    at /app/src/a.js:3:1', 'done']));
    expect(errors.map((e) => [e.seq, e.message, e.location])).toEqual([
      [2, 'TypeError: boom', { file: '/app/src/a.js', line: 3, col: 1 }],
    ]);
  });

  it("finds a header whose colour codes come after its last digit (Next's red ⨯ line)", () => {
    const lines = [' \x1b[31m\x1b[1m⨯\x1b[22m\x1b[39m \x1b[1m./app/page.tsx:4:0\x1b[22m\x1b[39m', "Module not found: Can't resolve './x'"];
    const [error] = errorsOf(detectAll('web', lines));
    expect(error?.location).toEqual({ file: './app/page.tsx', line: 4, col: 0 });
    expect(error?.message).toBe("Module not found: Can't resolve './x'");
  });

  it('does not report a bare rustc `error:` without its `-->` line', () => {
    expect(detectAll('p', ['error: could not compile `app` due to 2 previous errors', 'warning: build failed'])).toEqual([]);
  });

  it("points a vitest failure at the first frame of the user's code", () => {
    const lines = [' FAIL  src/math.test.ts > adds', 'TypeError: boom', ' ❯ dep node_modules/lib/i.js:1:2', ' ❯ add src/math.ts:3:9', ' ❯ src/math.test.ts:6:12', '⎯⎯⎯[1/1]⎯'];
    const [error] = errorsOf(detectAll('test', lines));
    expect(error?.location).toEqual({ file: 'src/math.ts', line: 3, col: 9 });
    expect(error?.message).toBe('adds: TypeError: boom');
    expect(error?.lines).toHaveLength(6);
  });

  it('prefers the first frame outside node_modules, falling back to a dependency frame', () => {
    const [own] = errorsOf(detectAll('p', ['Error: x', '    at a (/app/node_modules/lib/i.js:1:2)', '    at b (/app/src/b.js:5:6)']));
    expect(own?.location).toEqual({ file: '/app/src/b.js', line: 5, col: 6 });
    const [dep] = errorsOf(detectAll('p', ['Error: x', '    at a (/app/node_modules/lib/i.js:1:2)', '    at c (node:internal/x:1:2)']));
    expect(dep?.location).toEqual({ file: '/app/node_modules/lib/i.js', line: 1, col: 2 });
  });
});

describe('findUrls', () => {
  it.each([
    ['Listening on http://0.0.0.0:4321/app', ['http://localhost:4321/app']],
    ['Listening on http://[::]:4321/app.', ['http://localhost:4321/app']],
    ['at http://[::1]:9000/graphql, ok', ['http://[::1]:9000/graphql']],
    ['see (http://my-box.local:8080/) now', ['http://my-box.local:8080/']],
    ["open 'http://127.0.0.1:8000/'", ['http://127.0.0.1:8000/']],
    ['"http://localhost:3000"', ['http://localhost:3000']],
    ['http://localhost:3000/wiki/Foo_(bar)', ['http://localhost:3000/wiki/Foo_(bar)']],
    ['https://github.com/x/y and https://example.com/a.b', []],
    ['http://localhost and http://app.localhost/x', ['http://localhost', 'http://app.localhost/x']],
    ['http://localhost:3000 http://localhost:3000', ['http://localhost:3000']],
    ['http://${HOST}:3000 and http://user@localhost:3000', []],
    ['ftp://localhost:21 is not a web server', []],
  ])('%s', (text, urls) => {
    expect(findUrls(text)).toEqual(urls);
  });

  it('normalises wildcard hosts to localhost and lower-cases the host', () => {
    expect(normaliseUrl('http://0.0.0.0:3000')).toBe('http://localhost:3000');
    expect(normaliseUrl('http://[::]:3000/x?y=1#z')).toBe('http://localhost:3000/x?y=1#z');
    expect(normaliseUrl('HTTP-less text')).toBe('HTTP-less text');
    expect(normaliseUrl('http://LocalHost:3000/Path')).toBe('http://localhost:3000/Path');
  });
});
