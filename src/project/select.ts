import { UserError } from '../user-error';
import type { Script } from './project';

/**
 * Resolves the names a user typed to scripts, in the order typed, without duplicates. `dev:*` style wildcards
 * match like concurrently's. An unknown name is a UserError with the closest suggestion and the full list.
 */
export function selectScripts(scripts: readonly Script[], patterns: readonly string[], noun = 'script'): Script[] {
  const chosen: Script[] = [];
  const seen = new Set<string>();
  const add = (s: Script): void => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    chosen.push(s);
  };
  for (const pattern of patterns) {
    if (pattern.includes('*')) {
      const re = wildcard(pattern);
      const matched = scripts.filter((s) => re.test(s.name));
      if (matched.length === 0) {
        throw new UserError(`no ${noun} matches "${pattern}". Available: ${available(scripts)}`);
      }
      matched.forEach(add);
      continue;
    }
    const exact = scripts.find((s) => s.name === pattern);
    if (exact) {
      add(exact);
      continue;
    }
    const hint = suggest(pattern, scripts.map((s) => s.name));
    const mean = hint ? ` Did you mean "${hint}"?` : '';
    throw new UserError(`unknown ${noun} "${pattern}".${mean} Available: ${available(scripts)}`);
  }
  return chosen;
}

function available(scripts: readonly Script[]): string {
  if (scripts.length === 0) return '(none: package.json has no scripts)';
  return scripts.map((s) => s.name).join(', ');
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * What the user most likely meant: the one name the input starts (`type` → `typecheck`), else the closest by edit
 * distance when it is close enough to be a plausible typo.
 */
export function suggest(input: string, names: readonly string[]): string | null {
  const lower = input.toLowerCase();
  const prefixed = names.filter((n) => n.toLowerCase().startsWith(lower));
  if (lower.length >= 2 && prefixed.length === 1) return prefixed[0] ?? null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(input.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  if (best !== null && (bestDistance <= limit || best.startsWith(input) || input.startsWith(best))) return best;
  return null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
