/**
 * `explain` reads its argument as kubectl does: as the JSONPath "{.ARG}"
 * (one trailing dot dropped). A parse error is the user's error, every node
 * must be a field, and after "group.resource" the rest is read on its own.
 * Messages and exit codes are kubectl.1.33's.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const env = useFakeServer('ktl-explain-args-');
const ktl = (args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

const V2 = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.33.0' },
  paths: {},
  definitions: {
    'io.k8s.api.core.v1.ConfigMap': {
      description: 'ConfigMap holds configuration data for pods to consume.',
      type: 'object',
      properties: {
        data: { description: 'Data contains the configuration data.', type: 'object', additionalProperties: { type: 'string' } },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
    },
  },
};

const FIRST = 'error: invalid jsonpath syntax, first node must be field node\n';

describe('explain argument parsing', () => {
  beforeEach(() => {
    env.server.reset();
    env.server.discovery();
    env.server.status('GET', '/openapi/v3', 404, 'NotFound', 'the server could not find the requested resource');
    env.server.json('GET', '/openapi/v2', V2);
  });

  test.each([
    ['configmaps,secrets', "error: unrecognized character in action: U+002C ','\n"],
    ['configmaps{', "error: unrecognized character in action: U+007B '{'\n"],
    ['configmaps.data.x,y', "error: unrecognized character in action: U+002C ','\n"],
    ['configmaps.data..x', FIRST],
    ['cm.data..x', FIRST],
    ['.data', FIRST],
    ['configmaps.data[0]', FIRST],
    ['configmaps.data.*', FIRST],
    ['configmaps}x{.y', 'error: must pass in 1 jsonpath string\n'],
  ])('%s', async (arg, stderr) => {
    expect(await ktl(['explain', arg])).toEqual({ code: 1, stdout: '', stderr });
  });

  test('with --api-version every later node must be a field', async () => {
    expect(await ktl(['explain', 'configmaps.data[0]', '--api-version=v1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: invalid jsonpath syntax, all nodes must be field nodes\n',
    });
  });

  test('a trailing dot, and a double dot right after the resource, still explain', async () => {
    const plain = await ktl(['explain', 'configmaps']);
    expect(plain.code).toBe(0);
    expect(await ktl(['explain', 'configmaps.'])).toEqual(plain);
    const data = await ktl(['explain', 'configmaps.data']);
    expect(data.code).toBe(0);
    expect(data.stdout).toContain('FIELD:    data');
    expect(await ktl(['explain', 'configmaps..data'])).toEqual(data);
  });
});
