/**
 * Names and namespaces that would address other objects (".", "..", "/",
 * "%") on the real cluster: ktl refuses them as kubectl.1.33 does and the
 * objects stay. Before the fix `delete cm . -n NS` deleted every ConfigMap
 * of NS and `delete cm .. -n NS` the Namespace itself.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const A = uniqueNamespace('ktl-names-a');
const B = uniqueNamespace('ktl-names-b');

beforeAll(async () => {
  await createTwins(A, B);
  for (const ns of [A, B]) for (const n of ['one', 'two']) await kubectl(['create', 'cm', n, '-n', ns]);
});
afterAll(async () => {
  await removeTwins(A, B);
});

const configMaps = async (ns: string) => (await kubectl(['get', 'cm', '-n', ns, '-o', 'name'])).stdout.split('\n').filter((l) => l && !l.includes('kube-root-ca')).sort();

describe('bad names and namespaces, ktl vs kubectl.1.33', () => {
  for (const args of [['delete', 'cm', '.'], ['delete', 'cm', '..'], ['label', 'cm', '..', 'x=y'], ['get', 'cm', 'a%2Fb'], ['delete', 'cm', '--all', '--dry-run=client', '-n', '..']]) {
    test(args.join(' '), async () => {
      const k = await ktl(['-n', A, ...args]);
      const r = await kubectl(['-n', B, ...args]);
      expect({ code: k.code, stdout: k.stdout, stderr: k.stderr.replaceAll('ktl', 'kubectl') }).toEqual({
        code: r.code,
        stdout: r.stdout,
        stderr: r.stderr.replace(/kubectl[.\w]*/g, 'kubectl'),
      });
      expect(k.code).toBe(1);
      expect(await configMaps(A)).toEqual(['configmap/one', 'configmap/two']);
      expect((await kubectl(['get', 'ns', A, '-o', 'name'])).stdout).toBe(`namespace/${A}\n`);
    });
  }
});
