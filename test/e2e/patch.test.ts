/**
 * `ktl patch` against kubectl.1.33 on twin objects in two namespaces (ktl ->
 * A, kubectl -> B): output, exit code and the resulting objects.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-patch-a');
const B = uniqueNamespace('ktl-patch-b');

beforeAll(async () => {
  await createTwins(A, B);
  for (const ns of [A, B]) {
    await kubectl(['create', 'cm', 'a', '--from-literal=k=v', '-n', ns]);
    await kubectl(['create', 'deployment', 'web', '--image=nginx', '-n', ns]);
  }
});
afterAll(async () => {
  await removeTwins(A, B);
});

const norm = (r: ProcResult, ns: string) => ({ code: r.code, stdout: r.stdout.replaceAll(ns, 'NS'), stderr: r.stderr.replaceAll(ns, 'NS') });
async function both(...args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, ...args]), kubectl(['-n', B, ...args])]);
  return { args, ...norm(a, A), kubectl: norm(b, B) };
}
async function state(ns: string): Promise<string> {
  const r = await kubectl(['get', 'cm/a', 'deploy/web', '-n', ns, '-o', 'go-template={{range .items}}{{.data}}{{.spec.replicas}}{{.metadata.labels}};{{end}}']);
  return r.stdout;
}

describe('patch, ktl vs kubectl.1.33', () => {
  test('strategic, merge, json, YAML patches, no-change, dry runs, subresource, errors', async () => {
    for (const args of [
      ['patch', 'cm', 'a', '-p', '{"data":{"k":"w"}}'],
      ['patch', 'cm', 'a', '-p', 'data: {k: w}'],
      ['patch', 'cm/a', '--type', 'merge', '-p', '{"data":{"m":"1"}}', '-o', 'name'],
      ['patch', 'cm', 'a', '--type', 'json', '-p', '[{"op":"add","path":"/data/j","value":"2"}]'],
      ['patch', 'cm', 'a', '-p', '{"data":{"k":"dry"}}', '--dry-run=client'],
      ['patch', 'cm', 'a', '-p', '{"data":{"k":"w"}}', '--dry-run=client'],
      ['patch', 'cm', 'a', '-p', '{"data":{"k":"dry"}}', '--dry-run=server'],
      ['patch', 'cm', 'a', '-p', '{"data":{"k":"dry"}}', '--dry-run=client', '-o', 'jsonpath={.data}'],
      ['patch', 'deploy', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}'],
      ['patch', 'deploy', 'web', '-p', '{"metadata":{"labels":{"tier":"fe"}}}'],
      ['patch', 'cm', 'a', '--subresource=status', '-p', '{}'],
      ['patch', 'cm', 'nope', '-p', '{}'],
      ['patch', 'cm', 'a', '-p', 'not json'],
      ['patch', 'cm', 'a', '-p', '{}', '--type=bogus'],
      ['patch', 'cm', 'a'],
    ]) {
      const r = await both(...args);
      const { kubectl: k, ...mine } = r;
      expect(mine).toEqual({ args, ...k });
    }
    const [a, b] = await Promise.all([state(A), state(B)]);
    expect(a).toBe(b);
    expect(a).toBe('map[j:2 k:w m:1]<no value><no value>;<no value>2map[app:web tier:fe];');
  });
});
