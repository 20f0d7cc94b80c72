/**
 * cordon, uncordon and drain with an empty `--selector=` and no node names:
 * kubectl 1.33 names the node type only when the selector is not empty, so
 * nothing is selected and its builder refuses (bytes recorded from
 * kubectl.1.33); ktl once listed every node and cordoned them all.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { standardResources, useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-no-nodes-');
const MISSING =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

describe('an empty --selector= selects no node', () => {
  test.each([['cordon'], ['uncordon'], ['drain']])('%s --selector=: the builder\'s refusal, no request for nodes', async (verb) => {
    fake.server.discovery(standardResources());
    const r = await runKtl(['--server', fake.server.url, '--cache-dir', path.join(fake.dir, 'cache'), verb, '--selector=']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: MISSING });
    expect(fake.server.requests.filter((q) => q.path.startsWith('/api/v1/nodes'))).toEqual([]);
  });
});
