/**
 * `run --image` is checked against the image reference grammar before
 * anything is sent, as kubectl 1.33 does (issue #20): ktl in namespace A,
 * kubectl in B; same bytes, exit codes, and no pod created for a bad name.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const A = uniqueNamespace('ktl-crun-a');
const B = uniqueNamespace('ktl-crun-b');

beforeAll(async () => {
  await createTwins(A, B);
});
afterAll(async () => {
  await removeTwins(A, B);
});

describe('run --image', () => {
  test.each([
    ['InvalidImageName', 1],
    ['nginx:', 1],
    ['a b', 1],
    [':tag', 1],
    ['registry.k8s.io/pause:3.10', 0],
    ['localhost:5000/a/b@sha256:0123456789abcdef0123456789abcdef', 0],
    ['[::1]:5000/x', 0],
  ] as const)('%s', async (image, code) => {
    const name = `p${code}-${image.length}`;
    const [a, b] = await Promise.all([
      ktl(['-n', A, 'run', name, `--image=${image}`, '--dry-run=server']),
      kubectl(['-n', B, 'run', name, `--image=${image}`, '--dry-run=server']),
    ]);
    expect(a.code).toBe(code);
    expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ code: b.code, stdout: b.stdout, stderr: b.stderr });
  });

  test('a bad image creates nothing', async () => {
    const [a, b] = await Promise.all([
      ktl(['-n', A, 'run', 'bad', '--image=InvalidImageName']),
      kubectl(['-n', B, 'run', 'bad', '--image=InvalidImageName']),
    ]);
    expect(a.stderr).toBe('error: Invalid image name "InvalidImageName": invalid reference format\n');
    expect(a).toEqual(b);
    const [ga, gb] = await Promise.all([kubectl(['-n', A, 'get', 'pods', '-o', 'name']), kubectl(['-n', B, 'get', 'pods', '-o', 'name'])]);
    expect([ga.stdout, gb.stdout]).toEqual(['', '']);
  });
});
