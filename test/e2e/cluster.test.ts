/**
 * The local control plane itself (issue 2): checked with the reference kubectl,
 * so these hold even before ktl implements the verbs.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';

const maybe = referenceKubectl ? describe : describe.skip;
const ns = uniqueNamespace('e2e-cluster');

maybe('local cluster (reference kubectl)', () => {
  beforeAll(async () => {
    const r = await kubectl(['create', 'namespace', ns]);
    expect(r.code).toBe(0);
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  test('three kwok nodes are Ready', async () => {
    const r = await kubectl(['get', 'nodes', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['kwok-node-0', 'True'],
      ['kwok-node-1', 'True'],
      ['kwok-node-2', 'True'],
    ]);
  });

  test('the server reports the pinned Kubernetes version', async () => {
    const r = await kubectl(['version', '-o', 'json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as { serverVersion: { gitVersion: string; major: string; minor: string } };
    expect(v.serverVersion.gitVersion).toMatch(/^v1\.3[4-9]\.\d+$/);
    expect(v.serverVersion.major).toBe('1');
  });

  test('a 3-replica Deployment becomes Available and an image change rolls out', async () => {
    let r = await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3']);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    r = await kubectl(['-n', ns, 'wait', '--for=condition=Available', 'deployment/web', '--timeout=90s']);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web condition met\n' });
    r = await kubectl(['-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}']);
    expect(r.stdout).toBe('3');
    r = await kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web image updated\n' });
    r = await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    // old pods may still be terminating; the live ones all run the new image
    r = await kubectl(['-n', ns, 'get', 'pods', '-o', 'json']);
    const pods = (JSON.parse(r.stdout) as { items: Array<{ metadata: { deletionTimestamp?: string }; spec: { containers: Array<{ image: string }> } }> }).items;
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    expect(live.map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
  });

  test('RBAC: the viewer context cannot create pods, the admin context can', async () => {
    const viewer = await kubectl(['--context', 'ktl-dev-viewer', 'auth', 'can-i', 'create', 'pods']);
    expect(viewer).toMatchObject({ code: 1, stdout: 'no\n' });
    const viewerGet = await kubectl(['--context', 'ktl-dev-viewer', 'auth', 'can-i', 'list', 'pods']);
    expect(viewerGet).toMatchObject({ code: 0, stdout: 'yes\n' });
    const admin = await kubectl(['--context', 'ktl-dev', 'auth', 'can-i', 'create', 'pods']);
    expect(admin).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  test('the viewer gets Forbidden on a write', async () => {
    const r = await kubectl(['--context', 'ktl-dev-viewer', '-n', ns, 'create', 'configmap', 'x', '--from-literal=a=b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: failed to create configmap: configmaps is forbidden: User "ktl-viewer" cannot create resource "configmaps" in API group "" in the namespace "${ns}"\n`,
    );
  });
});
