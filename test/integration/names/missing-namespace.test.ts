/**
 * An object read by name that is not found, in a namespace other than
 * "default": kubectl (cli-runtime's Info.Get) asks for the namespace, and
 * when that is missing too reports the namespace's NotFound instead. Checked
 * for the commands that read objects by name (get, describe, the builder's
 * latest() users such as label and exec, logs with its own wording).
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const env = useFakeServer('ktl-missing-ns-');
const ktl = (...args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

const podGone = (ns: string) => env.server.status('GET', `/api/v1/namespaces/${ns}/pods/web`, 404, 'NotFound', 'pods "web" not found', { name: 'web', kind: 'pods' });
const nsGone = (ns: string) => env.server.status('GET', `/api/v1/namespaces/${ns}`, 404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });

beforeEach(() => void env.server.discovery());

describe('a missing object in a missing namespace', () => {
  const nsError = 'Error from server (NotFound): namespaces "gone" not found\n';
  test.each([
    [['get', 'pod', 'web', '-n', 'gone'], nsError],
    [['get', 'pod', 'web', '-n', 'gone', '-o', 'name'], nsError],
    [['describe', 'pod', 'web', '-n', 'gone'], nsError],
    [['label', 'pod', 'web', 'a=b', '-n', 'gone'], nsError],
    [['exec', 'web', '-n', 'gone', '--', 'true'], nsError],
    [['logs', 'web', '-n', 'gone'], 'error: error from server (NotFound): namespaces "gone" not found in namespace "gone"\n'],
  ])('%j', async (args, stderr) => {
    podGone('gone');
    nsGone('gone');
    // describe then looks for names that start with it: a list in a missing namespace is empty
    env.server.json('GET', '/api/v1/namespaces/gone/pods', { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    expect(await ktl(...args)).toEqual({ code: 1, stdout: '', stderr });
    expect(env.server.requestsTo('/api/v1/namespaces/gone')).toHaveLength(1);
  });
});

describe('the object is what is missing', () => {
  test('the namespace exists: the object\'s NotFound', async () => {
    podGone('here');
    env.server.json('GET', '/api/v1/namespaces/here', { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'here' } });
    expect(await ktl('get', 'pod', 'web', '-n', 'here')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "web" not found\n' });
  });

  test('in "default" the namespace is not looked up', async () => {
    podGone('default');
    expect(await ktl('get', 'pod', 'web', '-n', 'default')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "web" not found\n' });
    expect(env.server.requestsTo('/api/v1/namespaces/default')).toEqual([]);
  });
});
