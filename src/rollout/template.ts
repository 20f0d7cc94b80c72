/**
 * The "Pod Template:" block kubectl prints for a workload revision (rollout
 * history --revision, undo --dry-run): describe's DescribePodTemplate over a
 * plain prefix writer, so raw tabs and no column alignment, as kubectl's
 * printTemplate writes it.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { describePodTemplate as describeTemplate } from '../describe/pod-template.js';
import { escapeTerminal, type PrefixWriter } from '../describe/prefix-writer.js';

/** kubectl's describe.NewPrefixWriter straight over a buffer (no tabwriter). */
class PlainPrefixWriter implements PrefixWriter {
  readonly parts: string[] = [];
  write(level: number, text: string): void {
    this.parts.push(escapeTerminal('  '.repeat(Math.max(0, level)) + text));
  }
  writeLine(...values: unknown[]): void {
    this.parts.push(escapeTerminal(`${values.map((v) => (v === undefined || v === null ? '<nil>' : String(v))).join(' ')}\n`));
  }
  flush(): void {}
}

/** kubectl's DescribePodTemplate output for a pod template spec. */
export function describePodTemplate(template: V1PodTemplateSpec | undefined): string {
  const w = new PlainPrefixWriter();
  describeTemplate(template, w);
  return w.parts.join('');
}
