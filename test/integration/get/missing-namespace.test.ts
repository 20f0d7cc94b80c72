/**
 * A named object that is not found in a namespace other than `default`:
 * kubectl 1.33 (cli-runtime's Info.Get) then asks for the namespace and, when
 * that is missing too, reports the namespace instead. Texts as kubectl.1.33
 * printed them against a cluster without that namespace.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { standardResources, statusBody, useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-missing-ns-');
const ktl = (args: string[]) => runKtl(['--server', fake.server.url, '--cache-dir', path.join(fake.dir, 'cache'), ...args]);
const notFound = (kind: string, name: string) => ({ status: 404, body: statusBody(404, 'NotFound', `${kind} "${name}" not found`, { name, kind }) });

function serve(namespaces: string[]): void {
  fake.server.discovery(standardResources());
  fake.server.on('GET', /^\/api\/v1\/namespaces\/[^/]+\/configmaps\/[^/]+$/, (req) => notFound('configmaps', req.path.split('/')[6]!));
  // describe then looks for objects whose names start with the name: a list in a missing namespace is empty
  fake.server.on('GET', /^\/api\/v1\/namespaces\/[^/]+\/configmaps$/, { body: { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] } });
  fake.server.on('GET', /^\/api\/v1\/namespaces\/[^/]+$/, (req) => {
    const name = req.path.split('/')[4]!;
    return namespaces.includes(name) ? { body: { kind: 'Namespace', apiVersion: 'v1', metadata: { name } } } : notFound('namespaces', name);
  });
}
const asked = () => fake.server.requests.map((q) => q.path);

describe('a named object not found: the namespace named when it is what is missing', () => {
  test.each([
    [['get', 'cm', 'a', '-n', 'nope'], 'Error from server (NotFound): namespaces "nope" not found\n'],
    [['get', 'cm', 'a', 'b', '-n', 'nope', '-o', 'name'], 'Error from server (NotFound): namespaces "nope" not found\nError from server (NotFound): namespaces "nope" not found\n'],
    [['describe', 'cm', 'a', '-n', 'nope'], 'Error from server (NotFound): namespaces "nope" not found\n'],
    [['label', 'cm', 'a', 'x=y', '-n', 'nope'], 'Error from server (NotFound): namespaces "nope" not found\n'],
  ])('%j', async (args, stderr) => {
    serve([]);
    expect(await ktl(args)).toEqual({ code: 1, stdout: '', stderr });
    expect(asked()).toContain('/api/v1/namespaces/nope');
  });

  test('the namespace exists, or is `default`: the object is what is reported', async () => {
    serve(['there']);
    expect(await ktl(['get', 'cm', 'a', '-n', 'there'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): configmaps "a" not found\n' });
    fake.server.clearRequests();
    expect(await ktl(['get', 'cm', 'a', '-n', 'default'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): configmaps "a" not found\n' });
    expect(asked()).not.toContain('/api/v1/namespaces/default');
  });
});
