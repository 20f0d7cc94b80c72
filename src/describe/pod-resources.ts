/**
 * A pod's requests and limits as kubectl's resourcehelper computes them for
 * `describe node` (and `ktl capacity`): the containers summed, each init
 * container's need (restartable ones stay and add up) taken as a floor, pod
 * overhead added to requests and to non-zero limits. Sums keep the text of
 * the first operand while nothing was added to it, as Go's Quantity does.
 */
import { add, cmp, formatOf, q, quantityString, type Quantity } from './quantity.js';
import type { Pod } from './wire.js';

/** A summed quantity: exact value, the text of the first operand while nothing was added, its format. */
export interface Sum {
  q: Quantity;
  text: string;
  added: boolean;
}

export type ResourceSums = Map<string, Sum>;

export function sumText(s: Sum | undefined): string {
  if (!s) return '0';
  return s.added ? quantityString(s.q, formatOf(s.text)) : s.text;
}

export function addList(into: ResourceSums, list: Record<string, string> | undefined): void {
  for (const name of Object.keys(list ?? {})) {
    const text = list![name]!;
    const cur = into.get(name);
    if (!cur) into.set(name, { q: q(text), text, added: false });
    else into.set(name, { q: add(cur.q, q(text)), text: cur.text, added: true });
  }
}

export function maxList(into: ResourceSums, from: ResourceSums): void {
  for (const [name, s] of from) {
    const cur = into.get(name);
    if (!cur || cmp(s.q, cur.q) > 0) into.set(name, { ...s });
  }
}

export function fromList(list: Record<string, string> | undefined): ResourceSums {
  const out: ResourceSums = new Map();
  addList(out, list);
  return out;
}

export function addSums(into: ResourceSums, from: ResourceSums): void {
  for (const [name, s] of from) {
    const cur = into.get(name);
    if (!cur) into.set(name, { ...s });
    else into.set(name, { q: add(cur.q, s.q), text: cur.text, added: true });
  }
}

/** resourcehelper.PodRequestsAndLimits (restartable init containers and overhead included). */
export function podRequestsAndLimits(pod: Pod): { reqs: ResourceSums; limits: ResourceSums } {
  const spec = pod.spec;
  const calc = (field: 'requests' | 'limits'): ResourceSums => {
    const total: ResourceSums = new Map();
    for (const c of spec?.containers ?? []) addList(total, c.resources?.[field]);
    const restartable: ResourceSums = new Map();
    const init: ResourceSums = new Map();
    for (const c of spec?.initContainers ?? []) {
      let each: ResourceSums;
      if (c.restartPolicy === 'Always') {
        addList(total, c.resources?.[field]);
        addList(restartable, c.resources?.[field]);
        each = restartable;
      } else {
        each = fromList(c.resources?.[field]);
        addSums(each, restartable);
      }
      maxList(init, each);
    }
    maxList(total, init);
    const overhead = spec?.overhead;
    if (overhead) {
      if (field === 'requests') addList(total, overhead);
      else {
        for (const name of Object.keys(overhead)) {
          const cur = total.get(name);
          if (cur && cur.q.num !== 0n) total.set(name, { q: add(cur.q, q(overhead[name])), text: cur.text, added: true });
        }
      }
    }
    return total;
  };
  return { reqs: calc('requests'), limits: calc('limits') };
}

