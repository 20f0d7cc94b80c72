/**
 * The dependency direction of src/ (see docs/architecture.md), checked over
 * the import graph (type imports and dynamic imports included): nothing but
 * the registry loader imports from commands/, and no import cycle. The
 * edges that break these rules today are listed below so that no new one can
 * appear; the list only shrinks.
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

/** Edges that break the rules today (from -> to); new code must not add to them. */
const KNOWN_COMMANDS_IMPORTS = new Set([
  'apply/command.ts -> commands/apply.ts',
  'completion/sources.ts -> commands/api-resources.ts',
]);
/** Cycles that exist today, as found from their alphabetically first module; the list only shrinks. */
const KNOWN_CYCLES = new Set([
  'apply/command.ts -> commands/apply.ts -> apply/command.ts',
  'completion/complete.ts -> completion/sources.ts -> completion/complete.ts',
  'cli.ts -> completion/complete.ts -> cli.ts',
]);
/** Every command imports action/withExamples from cli.ts, which loads the registry: the one known cycle. */
const CYCLE_EXEMPT = (from: string, to: string) => from.startsWith('commands/') && to === 'cli.ts';

describe('import graph of src/', () => {
  const graph = importGraph();

  test('nothing outside commands/ imports from commands/, except the registry loader in cli.ts', () => {
    const bad: string[] = [];
    for (const [from, deps] of graph) {
      if (from.startsWith('commands/') || from === 'cli.ts') continue;
      for (const to of deps) if (to.startsWith('commands/') && !KNOWN_COMMANDS_IMPORTS.has(`${from} -> ${to}`)) bad.push(`${from} -> ${to}`);
    }
    expect(bad).toEqual([]);
  });

  test('no import cycles (besides commands -> cli.ts)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, 'open');
      stack.push(n);
      for (const d of graph.get(n) ?? []) {
        if (CYCLE_EXEMPT(n, d) || !graph.has(d)) continue;
        if (state.get(d) === 'open') {
          const cycle = [...stack.slice(stack.indexOf(d)), d].join(' -> ');
          if (!KNOWN_CYCLES.has(cycle)) cycles.push(cycle);
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
