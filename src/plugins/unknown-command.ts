/**
 * kubectl's answer to a first word that is no command: cobra's
 * `unknown command "x" for "kubectl"` with its "Did you mean this?" list.
 */
import type { Command } from 'commander';
import type {} from '../flags/commander-ext.js';

/** kubectl 1.33's top-level commands in the order cobra holds them (its suggestions follow this order). */
const KUBECTL_ORDER = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach',
  'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait',
  'kustomize', 'label', 'annotate', 'completion', 'alpha', 'config', 'plugin', 'version', 'api-versions',
  'api-resources', 'options',
];

/** cobra's SuggestFor lists in kubectl 1.33 */
const SUGGEST_FOR: Record<string, string[]> = { delete: ['rm'], get: ['list', 'ps'], wait: ['list', 'ps'] };

/** Levenshtein distance, case-insensitive as cobra calls it. */
export function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** Commands cobra would suggest for `typed`: distance <= 2, name prefix, or an explicit SuggestFor. */
export function suggestionsFor(typed: string, names: string[]): string[] {
  const rank = (n: string) => {
    const i = KUBECTL_ORDER.indexOf(n);
    return i < 0 ? KUBECTL_ORDER.length : i;
  };
  const ordered = [...names].sort((a, b) => rank(a) - rank(b));
  const out: string[] = [];
  for (const name of ordered) {
    if (levenshtein(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase())) out.push(name);
    for (const s of SUGGEST_FOR[name] ?? []) if (s.toLowerCase() === typed.toLowerCase()) out.push(name);
  }
  return out;
}

/** The whole error text, as kubectl prints it. */
export function unknownCommandText(typed: string, program: Command): string {
  const names = program.commands.filter((c) => !c._hidden).map((c) => c.name());
  const found = suggestionsFor(typed, names);
  const hint = found.length ? `\n\nDid you mean this?\n${found.map((n) => `\t${n}\n`).join('')}` : '\n';
  return `error: unknown command "${typed}" for "${program.name()}"${hint}`;
}
