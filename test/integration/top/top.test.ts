/**
 * `top` on a server without metrics.k8s.io: kubectl's error, exit 1, and no
 * request to the metrics API.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const env = useFakeServer('ktl-top-');
const ktl = (args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

describe('top without the Metrics API', () => {
  beforeEach(() => {
    env.server.reset();
    env.server.discovery();
  });
  test.each([[['top', 'node']], [['top', 'pod']], [['top', 'pod', '-A', '--containers']], [['top', 'node', 'n1']]])('%j', async (args) => {
    const r = await ktl(args);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: Metrics API not available\n' });
    expect(env.server.requests.filter((q) => q.path.startsWith('/apis/metrics.k8s.io'))).toEqual([]);
  });
});
