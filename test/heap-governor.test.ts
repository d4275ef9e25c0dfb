import { describe, expect, it } from 'vitest';
import { HeapGovernor } from '../src/runtime/heap-governor';

const MB = 1024 * 1024;
const counters = (bytes: number, dropped: number) => ({ lines: 0, bytes, dropped, cleared: 0 });

describe('HeapGovernor', () => {
  it('never collects while the caps have not evicted anything', () => {
    const g = new HeapGovernor(1 * MB);
    for (let mb = 1; mb <= 20; mb++) g.check(counters(mb * MB, 0));
    expect(g.collections).toBe(0);
  });

  it('once the caps evict, collects once per `everyBytes` of text appended', () => {
    // Given the caps evicting from the start
    const g = new HeapGovernor(4 * MB);
    g.check(counters(0, 1));
    // When 20 MB arrive in half-megabyte publishes
    for (let i = 1; i <= 40; i++) g.check(counters(i * 0.5 * MB, 1));
    // Then one collection per 4 MB
    expect(g.collections).toBe(5);
  });

  it('counts only what was appended after the caps started evicting', () => {
    const g = new HeapGovernor(4 * MB);
    g.check(counters(100 * MB, 0));
    g.check(counters(103 * MB, 1));
    expect(g.collections).toBe(0);
    g.check(counters(104 * MB, 1));
    expect(g.collections).toBe(1);
  });
});
