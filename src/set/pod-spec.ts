/** Where a workload keeps its pod spec, and a walk over its containers. */
import type { V1PodSpec } from '@kubernetes/client-node';
import { isRecord } from '../codec/value.js';

/** The path of the pod spec inside an object of this kind, or undefined when kubectl's set commands take none there (a PodTemplate too). */
export function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** The pod spec inside `obj` (JSON as read: the caller changes it in place), or undefined. */
export function podSpecOf(obj: unknown, kind: string): V1PodSpec | undefined {
  const p = podSpecPath(kind);
  if (!p) return undefined;
  let cur = obj;
  for (const k of p) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur as V1PodSpec | undefined;
}

/** Go's filepath.Match for the -c/--containers pattern (*, ?, [...]). */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) return false;
      re += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(name);
}
