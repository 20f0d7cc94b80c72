/**
 * `wait --for=create` with a selector: waits until the selector matches,
 * then names every match; times out with kubectl's error when nothing comes.
 * Compared with kubectl.1.33 in one namespace.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-waitc');
const OTHER = uniqueNamespace('ktl-waitc-unused');
beforeAll(() => createTwins(NS, OTHER));
afterAll(() => removeTwins(NS, OTHER));

describe('wait --for=create -l, ktl vs kubectl.1.33', () => {
  test('nothing matches: timeout error, exit 1', async () => {
    const args = ['wait', '--for=create', '-n', NS, 'configmap', '-l', 'app=late', '--timeout=2s'];
    const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
    expect(b).toEqual({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition\n' });
    expect(a).toEqual(b);
  });

  test('an object labelled while both wait: each names it once it matches', async () => {
    const args = ['wait', '--for=create', '-n', NS, 'configmap', '-l', 'app=late', '--timeout=30s'];
    const waiting = Promise.all([ktl(args), kubectl(args)]);
    await new Promise((r) => setTimeout(r, 1500));
    await kubectl(['create', 'configmap', 'late', '-n', NS]);
    await kubectl(['label', 'configmap', 'late', '-n', NS, 'app=late']);
    const [a, b] = await waiting;
    expect(b).toEqual({ code: 0, stdout: 'configmap/late condition met\n', stderr: '' });
    expect(a).toEqual(b);
  });

  test('already there: answered at once, also with --timeout=0', async () => {
    for (const timeout of ['--timeout=5s', '--timeout=0']) {
      const args = ['wait', '--for=create', '-n', NS, 'configmap', '-l', 'app=late', timeout];
      const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
      expect(b.stdout).toBe('configmap/late condition met\n');
      expect(a).toEqual(b);
    }
  });
});
