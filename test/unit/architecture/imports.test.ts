/**
 * The dependency direction of src/ (see docs/architecture.md), checked over
 * the import graph (type imports and dynamic imports included): nothing but
 * the registry loader imports from commands/, and no import cycle. Commands
 * declare themselves through commands/kit.ts, which does not load the
 * registry, so no command imports cli.ts.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** module (relative to src/) -> the src modules it imports */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts');
      deps.add(target);
    }
    graph.set(path.relative(SRC, file), [...deps]);
  }
  return graph;
}

describe('import graph of src/', () => {
  const graph = importGraph();

  test('nothing outside commands/ imports from commands/, except the registry loader in cli.ts', () => {
    const bad: string[] = [];
    for (const [from, deps] of graph) {
      if (from.startsWith('commands/') || from === 'cli.ts') continue;
      for (const to of deps) if (to.startsWith('commands/')) bad.push(`${from} -> ${to}`);
    }
    expect(bad).toEqual([]);
  });

  test('no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, 'open');
      stack.push(n);
      for (const d of graph.get(n) ?? []) {
        if (!graph.has(d)) continue;
        if (state.get(d) === 'open') {
          cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
        }
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
    expect(cycles).toEqual([]);
  });
});
