import { describe, expect, it } from 'vitest';
import type { Script } from '../src/project/project';
import { selectScripts, suggest } from '../src/project/select';
import { userErrorOf } from './helpers/user-error';

const scripts = (...names: string[]): Script[] => names.map((name) => ({ name, command: `run ${name}` }));
const names = (list: readonly Script[]): string[] => list.map((s) => s.name);


describe('selectScripts', () => {
  const all = scripts('build', 'dev', 'hello');

  it('returns exact names in the order typed', () => {
    expect(names(selectScripts(all, ['hello', 'build']))).toEqual(['hello', 'build']);
  });

  it('returns the Script objects themselves', () => {
    const [picked] = selectScripts(all, ['dev']);
    expect(picked).toBe(all[1]);
  });

  it('drops duplicates, keeping the first position', () => {
    expect(names(selectScripts(all, ['dev', 'build', 'dev']))).toEqual(['dev', 'build']);
  });

  it('returns nothing for no patterns', () => {
    expect(selectScripts(all, [])).toEqual([]);
  });

  it('expands a prefix wildcard in package.json order', () => {
    // Given scripts where dev:* ones are interleaved with others
    const list = scripts('dev:web', 'build', 'dev:api', 'dev', 'devtools', 'x:dev:y');
    // When "dev:*" is selected
    // Then exactly the dev: ones, in file order
    expect(names(selectScripts(list, ['dev:*']))).toEqual(['dev:web', 'dev:api']);
  });

  it('expands a suffix wildcard', () => {
    const list = scripts('test:watch', 'build', 'build:watch', 'watch', 'tsc:watch:x');
    expect(names(selectScripts(list, ['*:watch']))).toEqual(['test:watch', 'build:watch']);
  });

  it('dedups between an exact name and a wildcard', () => {
    const list = scripts('dev:web', 'dev:api', 'lint');
    expect(names(selectScripts(list, ['dev:api', 'dev:*', 'lint']))).toEqual(['dev:api', 'dev:web', 'lint']);
  });

  it('treats regex characters in a wildcard literally', () => {
    const list = scripts('a.b', 'axb', 'a.b.c');
    expect(names(selectScripts(list, ['a.*']))).toEqual(['a.b', 'a.b.c']);
  });

  it('rejects a wildcard that matches nothing, listing what is available', () => {
    const message = userErrorOf(() => selectScripts(all, ['test:*']));
    expect(message).toBe('no script matches "test:*". Available: build, dev, hello');
  });

  it('rejects an unknown name with the closest suggestion and the list in package.json order', () => {
    // Given scripts in package.json order build, dev, hello
    // When the user types a typo
    const message = userErrorOf(() => selectScripts(all, ['helo']));
    // Then one clear message
    expect(message).toBe('unknown script "helo". Did you mean "hello"? Available: build, dev, hello');
  });

  it('keeps package.json order in the list, not alphabetical', () => {
    const message = userErrorOf(() => selectScripts(scripts('zeta', 'alpha', 'mid'), ['alpah']));
    expect(message).toBe('unknown script "alpah". Did you mean "alpha"? Available: zeta, alpha, mid');
  });

  it('gives no suggestion for a far name', () => {
    const message = userErrorOf(() => selectScripts(all, ['zzzzzzzz']));
    expect(message).toBe('unknown script "zzzzzzzz". Available: build, dev, hello');
    expect(message).not.toContain('Did you mean');
  });

  it('says when there are no scripts at all', () => {
    const message = userErrorOf(() => selectScripts([], ['dev']));
    expect(message).toContain('Available: (none');
  });

  it('fails on the first unknown name even after good ones', () => {
    const message = userErrorOf(() => selectScripts(all, ['dev', 'bild']));
    expect(message).toBe('unknown script "bild". Did you mean "build"? Available: build, dev, hello');
  });

  it('suggest is case-insensitive and accepts prefixes', () => {
    expect(suggest('HELLO', ['hello'])).toBe('hello');
    expect(suggest('type', ['typecheck'])).toBe('typecheck');
    // A unique prefix wins even when a short unrelated name is closer by edit distance.
    expect(suggest('type', ['typecheck', 'dev'])).toBe('typecheck');
    expect(suggest('tes', ['test', 'test:watch', 'dev'])).toBe('test');
    expect(suggest('typecheck:watch', ['typecheck', 'dev'])).toBe('typecheck');
    expect(suggest('qqqq', ['build', 'dev'])).toBeNull();
    expect(suggest('dev', [])).toBeNull();
  });
});
