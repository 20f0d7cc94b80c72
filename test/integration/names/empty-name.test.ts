/**
 * An empty NAME after a TYPE (`ktl get cm ''`, `ktl delete cm ''`) is a name,
 * never the whole list: kubectl's request for it fails in client-go ("resource
 * name may not be empty") while the other names are done. ktl used to read it
 * as TYPE alone: `delete cm ''` deleted every ConfigMap of the namespace.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const env = useFakeServer('ktl-empty-name-');
const NS = '/api/v1/namespaces/default';
const ktl = (...args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), '-n', 'default', ...args], { cwd: env.dir });
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { a: 'b' } };

beforeEach(() => {
  env.server.discovery();
  env.server.json('GET', `${NS}/configmaps/cm`, cm);
  env.server.json('DELETE', `${NS}/configmaps/cm`, cm);
  env.server.json('PATCH', `${NS}/configmaps/cm`, cm);
  // what the old reading would have asked for: the whole collection
  env.server.json('GET', `${NS}/configmaps`, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [cm] });
  env.server.json('DELETE', `${NS}/configmaps`, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [cm] });
});

const EMPTY = 'error: resource name may not be empty\n';
const collection = () => env.server.requests.filter((q) => q.path === `${NS}/configmaps`);

describe('an empty name', () => {
  test('delete: nothing deleted, the other names are', async () => {
    expect(await ktl('delete', 'cm', '')).toEqual({ code: 1, stdout: '', stderr: EMPTY });
    expect(await ktl('delete', 'cm', 'cm', '')).toEqual({ code: 1, stdout: 'configmap "cm" deleted\n', stderr: EMPTY });
    expect(env.server.requests.filter((q) => q.method === 'DELETE').map((q) => q.path)).toEqual([`${NS}/configmaps/cm`]);
    expect(collection()).toEqual([]);
  });

  test('get: the error alone, or after the named objects', async () => {
    expect(await ktl('get', 'cm', '')).toEqual({ code: 1, stdout: '', stderr: EMPTY });
    expect(await ktl('get', 'cm', 'cm', '', '-o', 'name')).toEqual({ code: 1, stdout: 'configmap/cm\n', stderr: EMPTY });
    expect(await ktl('get', 'cm', '', '')).toEqual({ code: 1, stdout: '', stderr: 'resource name may not be empty\nresource name may not be empty\n' });
    expect(collection()).toEqual([]);
  });

  test('describe and label: the error, nothing listed or patched but the named ones', async () => {
    expect(await ktl('describe', 'cm', '')).toEqual({ code: 1, stdout: '', stderr: EMPTY });
    expect(await ktl('label', 'cm', '', 'x=y')).toEqual({ code: 1, stdout: '', stderr: EMPTY });
    expect(await ktl('label', 'cm', 'cm', '', 'x=y')).toEqual({ code: 1, stdout: 'configmap/cm labeled\n', stderr: EMPTY });
    expect(env.server.requests.filter((q) => q.method === 'PATCH').map((q) => q.path)).toEqual([`${NS}/configmaps/cm`]);
    expect(collection()).toEqual([]);
  });
});
