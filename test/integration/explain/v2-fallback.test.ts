/**
 * `explain` on a server that does not serve OpenAPI v3: kubectl renders the
 * default plaintext output from /openapi/v2 instead, the same bytes as
 * --output=plaintext-openapiv2 (whose rendering the e2e test compares with
 * kubectl 1.33). A server with v3 that lacks the group-version still fails.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const env = useFakeServer('ktl-explain-');
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
        apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
        data: { description: 'Data contains the configuration data.', type: 'object', additionalProperties: { type: 'string' } },
        immutable: { description: 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.', type: 'boolean' },
        kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
    },
  },
};

describe('explain without OpenAPI v3', () => {
  beforeEach(() => {
    env.server.reset();
    env.server.discovery();
    env.server.json('GET', '/openapi/v2', V2);
  });

  test('plaintext falls back to the v2 rendering', async () => {
    env.server.status('GET', '/openapi/v3', 404, 'NotFound', 'the server could not find the requested resource');
    for (const args of [['configmaps'], ['cm.data'], ['configmap', '--recursive']]) {
      const v2 = await ktl(['explain', ...args, '--output=plaintext-openapiv2']);
      expect(v2.code).toBe(0);
      expect(v2.stdout).toContain('ConfigMap');
      expect(await ktl(['explain', ...args])).toEqual(v2);
    }
    expect(env.server.requests.some((q) => q.path === '/openapi/v3')).toBe(true);
  });

  test('a server with v3 but without the group-version keeps kubectl v3 error', async () => {
    env.server.json('GET', '/openapi/v3', { paths: {} });
    expect(await ktl(['explain', 'configmaps'])).toEqual({ code: 1, stdout: '', stderr: 'error: couldn\'t find resource for "/v1, Resource=configmaps"\n' });
  });
});
