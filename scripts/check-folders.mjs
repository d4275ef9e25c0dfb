// The folder check of `npm run lint`: `node scripts/check-folders.mjs [dir…]` (default: src components), run from the root
// of the tree to check. It fails (exit 1) on any import that breaks a rule of .dependency-cruiser.mjs and on any cycle
// between folders. A folder is a concept: src/<name>/ with everything below it (src/logs/detectors belongs to src/logs),
// the files directly in src/, or a top-level folder such as components/. Cycles between files of one folder are allowed.
import { cruise } from 'dependency-cruiser';
import config, { knownImports } from '../.dependency-cruiser.mjs';

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (roots.length === 0) roots.push('src', 'components');

const { output } = await cruise(roots, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
if (typeof output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');

const known = new Set(knownImports.map(([from, to]) => `${from} → ${to}`));
const knownSeen = new Set();
const isKnown = (from, to) => {
  const key = `${from} → ${to}`;
  if (known.has(key)) knownSeen.add(key);
  return known.has(key);
};
const inRoots = (path) => roots.some((root) => path.startsWith(`${root.replace(/\/$/, '')}/`));

const problems = [];
for (const violation of output.summary.violations) {
  if (isKnown(violation.from, violation.to)) continue;
  problems.push(`${violation.rule.name}: ${violation.from} → ${violation.to}`);
}

/** @param {string} path */
function folderOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  return parts[0];
}

// Folder graph: for each pair of folders, the imports that make the edge (to name them when they close a cycle).
/** @type {Map<string, Map<string, string[]>>} */
const edges = new Map();
for (const module of output.modules) {
  if (!inRoots(module.source)) continue;
  for (const dependency of module.dependencies) {
    const target = dependency.resolved;
    if (!inRoots(target) || isKnown(module.source, target)) continue;
    const from = folderOf(module.source);
    const to = folderOf(target);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const imports = edges.get(from);
    imports.set(to, [...(imports.get(to) ?? []), `${module.source} → ${target}`]);
  }
}

for (const group of stronglyConnected(edges)) {
  const lines = [`folder cycle between ${group.join(', ')}:`];
  for (const from of group) {
    for (const [to, imports] of edges.get(from) ?? []) {
      if (group.includes(to)) lines.push(...imports.map((line) => `    ${line}`));
    }
  }
  problems.push(lines.join('\n'));
}

// A fixed import should leave the exception list at once, or it would hide its comeback.
const cruised = new Set(output.modules.map((module) => module.source));
for (const [from, to] of knownImports) {
  const key = `${from} → ${to}`;
  if (!knownSeen.has(key) && cruised.has(from)) problems.push(`knownImports entry no longer needed: ${key}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`\n${problems.length} folder-rule problem(s) in ${roots.join(', ')}`);
  process.exitCode = 1;
} else {
  const exceptions = known.size > 0 ? ` (${known.size} known imports ignored: knownImports in .dependency-cruiser.mjs)` : '';
  console.log(`folder rules: ${output.summary.totalCruised} modules, no cycles between folders, no forbidden imports${exceptions}`);
}

/**
 * Tarjan's algorithm: the groups of folders that import each other directly or through others (two or more folders each).
 * @param {Map<string, Map<string, string[]>>} graph
 * @returns {string[][]}
 */
function stronglyConnected(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}
