/**
 * `auth can-i` and `auth whoami` against kubectl.1.33 on the real cluster,
 * as the admin context and as the read-only viewer: answers, warnings on
 * stderr, exit codes and the --list table, byte for byte.
 */
import { describe, expect, test } from '@jest/globals';
import { ktl, kubectl } from './cluster-env.js';

/** whoami's object carries the second the server answered */
const stamp = (s: string) => s.replace(/creationTimestamp: "?[0-9TZ:-]+"?/g, 'creationTimestamp: T');

async function same(args: string[]) {
  const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
  // usage hints name the binary
  expect({ ...a, stdout: stamp(a.stdout), stderr: a.stderr.replaceAll("'ktl auth", "'kubectl auth") }).toEqual({ ...b, stdout: stamp(b.stdout) });
  return b;
}

const VIEWER = ['--context', 'ktl-dev-viewer'];

describe('auth can-i, ktl vs kubectl.1.33', () => {
  test.each([
    [['create', 'pods']],
    [['create', 'pods', ...VIEWER]],
    [['get', 'pods', ...VIEWER]],
    [['list', 'secrets', '-A', ...VIEWER]],
    [['create', 'pods', '-q', ...VIEWER]],
    [['get', 'deploy.v1.apps']],
    [['get', 'deployments.apps/web', '-n', 'default']],
    [['get', 'pods', '--subresource=log', ...VIEWER]],
    [['get', '/healthz']],
    [['post', '/healthz', ...VIEWER]],
    [['frob', '/healthz']],
    [['frob', 'pods']],
    [['get', 'nopes']],
    [['list', 'nopes.v1.foo.io']],
    [['get', 'nodes']],
    [['get', 'nodes', '-A']],
    [['get', 'clusterroles.rbac.authorization.k8s.io', '-n', 'x']],
    [['impersonate', 'users', ...VIEWER]],
    [['*', '*', ...VIEWER]],
    [['get', '/healthz', '--subresource=x']],
    [['get']],
    [['get', 'pods', 'a']],
    [['--list', 'a']],
  ])('%j', async (args) => {
    await same(['auth', 'can-i', ...args]);
  });

  test('--list: the rules table, as admin and as the viewer, with and without headers', async () => {
    const admin = await same(['auth', 'can-i', '--list']);
    expect(admin.stdout.split('\n')[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs$/);
    const viewer = await same(['auth', 'can-i', '--list', '-n', 'default', ...VIEWER]);
    expect(viewer.stdout).toContain('deployments.apps/scale');
    await same(['auth', 'can-i', '--list', '--no-headers', ...VIEWER]);
  });
});

describe('auth whoami, ktl vs kubectl.1.33', () => {
  test.each([
    [[]],
    [VIEWER],
    [['-o', 'yaml']],
    [['-o', 'jsonpath={.status.userInfo.username}']],
    // the review has no name: the name printer says <unknown>
    [['-o', 'name']],
    // whoami ignores arguments
    [['extra', 'args']],
    [['extra', '-o', 'name']],
  ])('%j', async (args) => {
    const r = await same(['auth', 'whoami', ...args]);
    expect(r.code).toBe(0);
  });
});
