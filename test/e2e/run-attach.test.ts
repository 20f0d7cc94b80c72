/**
 * `ktl run -i/--attach/--rm` against kubectl.1.33 on the same cluster, in twin
 * namespaces. kwok's attach streams a file forever, so the attach is made to
 * fail (an Attach object that names another container): both then warn, fall
 * back to the pod's log and go on (exit code of a --restart=Never pod whose
 * status the test sets, --rm's deletion). Also: a pod that never starts
 * (--pod-running-timeout), Ctrl-C while waiting, --attach=false with -i, and
 * kubectl's refusals.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, ktlBin, kubectl, referenceKubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { applyObjects, createPods, removePodFiles, startBackground, until, withoutCloseNotice } from './kubelet-env.js';

const A = uniqueNamespace('ktl-runatt-a');
const B = uniqueNamespace('ktl-runatt-b');
beforeAll(() => createTwins(A, B));
afterAll(async () => {
  await removeTwins(A, B);
  await removePodFiles(A);
  await removePodFiles(B);
});

const same = (r: ProcResult, ns: string) => ({
  ...r,
  stdout: r.stdout.replaceAll(ns, 'NS'),
  stderr: withoutCloseNotice(r.stderr).replaceAll(ns, 'NS').replaceAll("'ktl run", "'kubectl run").replaceAll("'ktl attach", "'kubectl attach"),
});

/** an Attach object for a container the pod does not have: the attach fails at kwok */
async function failingAttach(ns: string, pod: string): Promise<void> {
  await applyObjects({ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Attach', metadata: { name: pod, namespace: ns }, spec: { attaches: [{ containers: ['nope'], logsFile: '/nonexistent' }] } });
}

/**
 * Waits until kwok knows the Attach objects made so far: makes a running pod
 * with a failing Attach of its own, made after them, and attaches to it until
 * kwok answers with that Attach's error (kwok's informer sees the objects of a
 * kind in the order they were written). Without its Attach, kwok's attach
 * streams forever, hence the short time limit per try.
 */
async function kwokSeesAttaches(ns: string, probe: string): Promise<void> {
  await createPods(ns, { [probe]: {} });
  await failingAttach(ns, probe);
  await until(`kwok to use the Attach of ${ns}/${probe}`, async () => {
    const r = await kubectl(['-n', ns, 'attach', probe], { timeoutMs: 3000 });
    return r.stderr.includes('attaches target not found') ? true : undefined;
  });
}

async function podExists(ns: string, pod: string): Promise<boolean> {
  return (await kubectl(['-n', ns, 'get', 'pod', pod, '--ignore-not-found', '-o', 'name'])).stdout !== '';
}

describe('run attaching, ktl vs kubectl.1.33', () => {
  test('-i --rm (restart Always): warning, the log instead, the pod deleted', async () => {
    await failingAttach(A, 'p1');
    await failingAttach(B, 'p1');
    await kwokSeesAttaches(B, 'seen-p1');
    const args = (ns: string) => ['-n', ns, 'run', 'p1', '-i', '--rm', '--image=busybox'];
    const [a, b] = await Promise.all([ktl(args(A), { input: 'hi\n' }), kubectl(args(B), { input: 'hi\n' })]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('pod "p1" deleted\n');
    expect(same(a, A)).toEqual(same(b, B));
    expect(await podExists(A, 'p1')).toBe(await podExists(B, 'p1'));
  }, 90_000);

  test('-q -i --rm --restart=Never: the exit code and reason of the failed pod, deleted quietly', async () => {
    await failingAttach(A, 'p2');
    await failingAttach(B, 'p2');
    await kwokSeesAttaches(B, 'seen-p2');
    const run = async (bin: string, pre: string[], ns: string) => {
      const p = startBackground(bin, [...pre, '-n', ns, 'run', 'p2', '-q', '-i', '--rm', '--restart=Never', '--image=busybox']);
      await p.waitForOutput(/default log line 3\n/, 60_000);
      const status = { phase: 'Failed', containerStatuses: [{ name: 'p2', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error', message: 'boom' } } }] };
      await kubectl(['-n', ns, 'patch', 'pod', 'p2', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
      const end = await p.exited;
      return { code: end.code ?? -1, stdout: p.stdout, stderr: p.stderr };
    };
    const [a, b] = await Promise.all([run(process.execPath, [ktlBin], A), run(referenceKubectl!, [], B)]);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain('pod NS/p2 terminated (Error)\nboom\n'.replace('NS', B));
    expect(same(a, A)).toEqual(same(b, B));
  }, 120_000);

  test('a pod that never starts: --pod-running-timeout, then --rm deletes it', async () => {
    const ov = JSON.stringify({ apiVersion: 'v1', spec: { schedulingGates: [{ name: 'ktl.dev/never' }] } });
    const args = (ns: string) => ['-n', ns, 'run', 'p3', '-i', '--rm', '--image=busybox', '--pod-running-timeout=3s', `--overrides=${ov}`];
    const [a, b] = await Promise.all([ktl(args(A)), kubectl(args(B))]);
    expect(b).toEqual({ code: 1, stdout: 'pod "p3" deleted\n', stderr: 'error: timed out waiting for the condition\n' });
    expect(same(a, A)).toEqual(same(b, B));
  }, 60_000);

  test('Ctrl-C while waiting: exit 1, nothing printed, the pod left', async () => {
    const ov = JSON.stringify({ apiVersion: 'v1', spec: { schedulingGates: [{ name: 'ktl.dev/never' }] } });
    const run = async (bin: string, pre: string[], ns: string) => {
      const p = startBackground(bin, [...pre, '-n', ns, 'run', 'p4', '-i', '--rm', '--image=busybox', `--overrides=${ov}`]);
      await until('the pod to exist', async () => ((await podExists(ns, 'p4')) ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      p.child.kill('SIGINT');
      const end = await p.exited;
      return { code: end.code ?? -1, stdout: p.stdout, stderr: p.stderr, left: await podExists(ns, 'p4') };
    };
    const [a, b] = await Promise.all([run(process.execPath, [ktlBin], A), run(referenceKubectl!, [], B)]);
    expect(b).toEqual({ code: 1, stdout: '', stderr: '', left: true });
    expect(a).toEqual(b);
  }, 60_000);

  test('-i --attach=false: created and printed, stdin fields set, no attach', async () => {
    const args = (ns: string) => ['-n', ns, 'run', 'p5', '-i', '--attach=false', '--image=busybox'];
    const [a, b] = await Promise.all([ktl(args(A)), kubectl(args(B))]);
    expect(b).toEqual({ code: 0, stdout: 'pod/p5 created\n', stderr: '' });
    expect(a).toEqual(b);
    const spec = async (ns: string) => JSON.parse((await kubectl(['-n', ns, 'get', 'pod', 'p5', '-o', 'jsonpath={.spec.containers[0]}'])).stdout) as Record<string, unknown>;
    const [sa, sb] = await Promise.all([spec(A), spec(B)]);
    expect([sa.stdin, sa.stdinOnce, sa.tty]).toEqual([sb.stdin, sb.stdinOnce, sb.tty]);
  });

  test.each([
    [['p6', '-i', '--attach=false', '--rm', '--image=busybox']],
    [['p6', '--rm', '--restart=Bad', '--image=busybox']],
    [['p6', '-t', '--image=busybox']],
    [['p6', '-i', '--dry-run=client', '--image=busybox']],
    [['p6', '-i', '--dry-run=client', '--image-pull-policy=Bad', '--image=busybox']],
    [['p6', '-i', '--rm', '--expose', '--image=busybox']],
    [['p6', '-i', '--pod-running-timeout=0', '--image=busybox']],
  ])('refused: %j', async (args) => {
    const [a, b] = await Promise.all([ktl(['-n', A, 'run', ...args]), kubectl(['-n', B, 'run', ...args])]);
    expect(b.code).toBe(1);
    expect(same(a, A)).toEqual(same(b, B));
  });
});
