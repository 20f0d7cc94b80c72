/**
 * apply --wait=DURATION / --wait-ready (ktl extension, issue #19 part 2) on
 * the local cluster: kwok pods become Ready, so Deployments roll out, Jobs
 * complete and Services get endpoints; a Deployment no node can hold fails
 * fast (FailedScheduling), a Job past its deadline fails, a CRD and its
 * custom resources in one file wait for their Ready conditions. kubectl's own
 * --wait values keep kubectl's meaning (compared with kubectl.1.33).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTwins, ktl, ktlBin, kubeconfigPath, kubectl, removeTwins, repoRoot, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-awr');
const TWIN = uniqueNamespace('ktl-awr-k');
const SUFFIX = Math.floor(Math.random() * 1e9).toString(36);
const CRD_GROUP = `awr${SUFFIX}.ktl-test.example.com`;
const CRD_NAME = `widgets.${CRD_GROUP}`;
let dir = '';

beforeAll(async () => {
  dir = await createTwins(NS, TWIN, 'ktl-awr-');
}, 60_000);
afterAll(async () => {
  await kubectl(['delete', 'crd', CRD_NAME, '--ignore-not-found', '--wait=false']);
  await removeTwins(NS, TWIN, dir);
});

async function manifest(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}

const deployment = (name: string, ns: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${extra}      containers: [{name: c, image: nginx}]
`;

const stack = (ns: string) => `${deployment('web', ns)}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {a: b}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: ${ns}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`;

/** the last line each object reached in the plain (piped) view */
function finalLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => / (ready|failed) \(\d+(m\d+)?s\)/.test(l))
    .map((l) => l.replace(/\((\d+m)?\d+s\)/, '(Ns)'));
}

describe('apply --wait-ready: ready by kind', () => {
  test('Deployment, Service, ConfigMap, Job: stdout is kubectl\'s, stderr one line per change, exit 0, ready on the server', async () => {
    const mine = await manifest('stack.yaml', stack(NS));
    const theirs = await manifest('stack-k.yaml', stack(TWIN));
    const [a, b] = await Promise.all([ktl(['apply', '-f', mine, '--wait-ready=2m'], { timeoutMs: 150_000 }), kubectl(['apply', '-f', theirs])]);
    expect(b.code).toBe(0);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(finalLines(a.stderr).sort()).toEqual(
      ['configmap/settings ready (Ns)', 'deployment.apps/web ready (Ns)', 'job.batch/once ready (Ns)', 'service/web ready (Ns)'].sort(),
    );
    // progress lines in the shape came before the deployment was ready
    expect(a.stderr).toMatch(/^deployment\.apps\/web: \d\/2 replicas (available|updated)$/m);
    expect(a.stderr).not.toMatch(/^error/m);
    // the server agrees
    const st = await kubectl(['get', 'deploy/web', 'job/once', '-n', NS, '-o', 'jsonpath={.items[0].status.availableReplicas} {.items[1].status.succeeded}']);
    expect(st.stdout).toBe('2 1');
    const eps = await kubectl(['get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[*].endpoints[*].conditions.ready}']);
    expect(eps.stdout).toMatch(/true/);
  }, 180_000);

  test("re-applying what is ready: unchanged, ready at once, only the Service's EndpointSlices watched", async () => {
    const mine = await manifest('stack.yaml', stack(NS));
    const a = await ktl(['apply', '-f', mine, '--wait=1m', '-v=6'], { timeoutMs: 90_000 });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('deployment.apps/web unchanged\nservice/web unchanged\nconfigmap/settings unchanged\njob.batch/once unchanged\n');
    // a Service is checked through its EndpointSlices (one list, one watch at most)
    const watches = a.stderr.split('\n').filter((l) => l.includes('watch=true'));
    expect(watches.every((l) => /endpointslices|services/.test(l))).toBe(true);
    expect(finalLines(a.stderr)).toHaveLength(4);
  }, 120_000);
});

describe('apply --wait-ready: watches, not polling', () => {
  test('60 objects of 4 types in one namespace: one list and one watch per type (pods shared with the Deployments\' pods), nothing per object', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 30; i++) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: many-p${i}, namespace: ${NS}}\nspec:\n  containers: [{name: c, image: nginx}]\n`);
    for (let i = 0; i < 10; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many-cm${i}, namespace: ${NS}}\n`);
    for (let i = 0; i < 10; i++) {
      docs.push(deployment(`many-d${i}`, NS).replace('replicas: 2', 'replicas: 1'));
      docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: many-s${i}, namespace: ${NS}}\nspec:\n  selector: {app: many-d${i}}\n  ports: [{port: 80}]\n`);
    }
    const f = await manifest('many.yaml', docs.join('---\n'));
    const a = await ktl(['apply', '-f', f, '--wait=4m', '-v=6'], { timeoutMs: 300_000 });
    expect(a.code).toBe(0);
    expect(finalLines(a.stderr)).toHaveLength(60);
    // -v=6 logs a watch when it opens (200 OK) and again when it ends (no status)
    const requests = a.stderr.split('\n').filter((l) => l.includes('round_trippers') && l.includes('verb="GET"') && /status="200 OK"/.test(l));
    const watches = requests.filter((l) => l.includes('watch=true')).map((l) => /\/v1\/namespaces\/[^/]+\/(\w+)\?/.exec(l)?.[1]);
    const lists = requests.filter((l) => !l.includes('watch=true') && /\/namespaces\/[^/]+\/\w+\?[^"]*limit=500/.test(l)).map((l) => /\/v1\/namespaces\/[^/]+\/(\w+)\?/.exec(l)?.[1]);
    expect(watches.sort()).toEqual(['deployments', 'endpointslices', 'pods', 'services']);
    expect(lists.sort()).toEqual(['deployments', 'endpointslices', 'pods', 'services']);
  }, 360_000);
});

describe('apply --wait-ready: failing fast', () => {
  test('a Deployment no node can hold fails with the scheduler\'s message, exit 1', async () => {
    const f = await manifest('nowhere.yaml', deployment('nowhere', NS, '      nodeSelector: {ktl-test: no-such-node}\n'));
    const a = await ktl(['apply', '-f', f, '--wait=5m'], { timeoutMs: 120_000 });
    expect(a.code).toBe(1);
    expect(a.stdout).toBe('deployment.apps/nowhere created\n');
    expect(a.stderr).toMatch(
      /\nerror: 1 object failed, 0 not ready yet \(of 1\)\n {2}deployment\.apps\/nowhere failed: pod\/nowhere-[a-z0-9]+-[a-z0-9]+: FailedScheduling: 0\/\d+ nodes are available: .*didn't match Pod's node affinity\/selector.*\n$/,
    );
    // nothing became ready on the server either
    const st = await kubectl(['get', 'deploy/nowhere', '-n', NS, '-o', 'jsonpath={.status.availableReplicas}']);
    expect(st.stdout).toBe('');
  }, 150_000);

  test('a Pod whose container reports ImagePullBackOff fails with the reason and the kubelet\'s message', async () => {
    // bound to a node nobody runs, so nothing but the test writes its status
    const f = await manifest('ghost.yaml', `apiVersion: v1
kind: Pod
metadata: {name: ghost, namespace: ${NS}}
spec:
  nodeName: ktl-awr-ghost-${SUFFIX}
  containers: [{name: c, image: nginx}]
`);
    const child = spawn(process.execPath, [ktlBin, 'apply', '-f', f, '--wait=2m'], { env: { ...process.env, KUBECONFIG: kubeconfigPath }, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    let patched = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (!patched && stderr.includes('pod/ghost: Pending\n')) {
          patched = true;
          const status = { status: { containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx"' } } }] } };
          void kubectl(['patch', 'pod', 'ghost', '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
        }
      });
      child.on('close', (c) => resolve(c));
    });
    expect({ code, stdout }).toEqual({ code: 1, stdout: 'pod/ghost created\n' });
    expect(stderr).toMatch(/^pod\/ghost: Pending\npod\/ghost failed \(\d+s\): container "c" is waiting: ImagePullBackOff: Back-off pulling image "nginx"\nerror: 1 object failed, 0 not ready yet \(of 1\)\n {2}pod\/ghost failed: container "c" is waiting: ImagePullBackOff: Back-off pulling image "nginx"\n$/);
    await kubectl(['delete', 'pod', 'ghost', '-n', NS, '--grace-period=0', '--force', '--wait=false']);
  }, 120_000);

  test('a Job past its deadline fails with the Job\'s reason, exit 1', async () => {
    const f = await manifest('late-job.yaml', `apiVersion: batch/v1
kind: Job
metadata: {name: late, namespace: ${NS}}
spec:
  backoffLimit: 0
  activeDeadlineSeconds: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`);
    const a = await ktl(['apply', '-f', f, '--wait-ready'], { timeoutMs: 120_000 });
    expect(a.code).toBe(1);
    expect(a.stdout).toBe('job.batch/late created\n');
    expect(a.stderr).toMatch(/^job\.batch\/late failed \(\d+s\): job failed: DeadlineExceeded: Job was active longer than specified deadline$/m);
    expect(a.stderr.endsWith('error: 1 object failed, 0 not ready yet (of 1)\n  job.batch/late failed: job failed: DeadlineExceeded: Job was active longer than specified deadline\n')).toBe(true);
    // FailureTarget comes first (the Job controller adds Failed once its pods are gone)
    const st = await kubectl(['get', 'job/late', '-n', NS, '-o', 'jsonpath={.status.conditions[?(@.status=="True")].type}']);
    expect(st.stdout).toMatch(/FailureTarget|Failed/);
  }, 150_000);

  test('timeout: exit 1 and what was not ready', async () => {
    const f = await manifest('lb.yaml', `apiVersion: v1
kind: Service
metadata: {name: lb, namespace: ${NS}}
spec:
  type: LoadBalancer
  selector: {app: none}
  ports: [{port: 80}]
`);
    const a = await ktl(['apply', '-f', f, '--wait=2s'], { timeoutMs: 60_000 });
    expect(a).toEqual({
      code: 1,
      stdout: 'service/lb created\n',
      stderr: 'service/lb: waiting for load balancer ingress\nerror: timed out after 2s: 1 of 1 object not ready\n  service/lb: waiting for load balancer ingress\n',
    });
  }, 90_000);

  test('Ctrl-C ends the wait at once: exit 1 (as rollout status) and what was not ready', async () => {
    const f = await manifest('lb.yaml', `apiVersion: v1
kind: Service
metadata: {name: lb, namespace: ${NS}}
spec:
  type: LoadBalancer
  selector: {app: none}
  ports: [{port: 80}]
`);
    const child = spawn(process.execPath, [ktlBin, 'apply', '-f', f, '--wait-ready=0s'], { env: { ...process.env, KUBECONFIG: kubeconfigPath }, cwd: repoRoot });
    let stderr = '';
    let stdout = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (!sent && stderr.includes('service/lb: waiting for load balancer ingress\n')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (c) => resolve(c));
    });
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: 'service/lb unchanged\n',
      stderr: 'service/lb: waiting for load balancer ingress\ninterrupted: 1 of 1 object not ready\n  service/lb: waiting for load balancer ingress\n',
    });
  }, 90_000);
});

describe('apply --wait-ready: a CRD, then its custom resources', () => {
  test('the CRD is Established, a resource without conditions is ready once written, one with Ready=False waits until Ready=True', async () => {
    // apply maps every document before it applies any, as kubectl does: custom resources go in a
    // second apply, once their CRD is there (in the CRD's file they fail with "no matches for kind")
    const crdFile = await manifest('crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${CRD_NAME}}
spec:
  group: ${CRD_GROUP}
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`);
    const crd = await ktl(['apply', '-f', crdFile, '--wait=2m']);
    expect(crd.code).toBe(0);
    expect(crd.stdout).toBe(`customresourcedefinition.apiextensions.k8s.io/${CRD_NAME} created\n`);
    expect(finalLines(crd.stderr)).toEqual([`customresourcedefinition.apiextensions.k8s.io/${CRD_NAME} ready (Ns)`]);
    const f = await manifest('widgets.yaml', `apiVersion: ${CRD_GROUP}/v1
kind: Widget
metadata: {name: plain, namespace: ${NS}}
spec: {size: 1}
---
apiVersion: ${CRD_GROUP}/v1
kind: Widget
metadata: {name: slow, namespace: ${NS}}
spec: {size: 2}
status:
  conditions: [{type: Ready, status: "False", reason: Provisioning}]
`);
    const child = spawn(process.execPath, [ktlBin, 'apply', '-f', f, '--wait=2m'], { env: { ...process.env, KUBECONFIG: kubeconfigPath }, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    let patched = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (!patched && stderr.includes(`widget.${CRD_GROUP}/slow: Ready False (Provisioning)\n`)) {
          patched = true;
          // no status subresource: the controller's part, played by the test
          void kubectl(['patch', `widgets.${CRD_GROUP}`, 'slow', '-n', NS, '--type=merge', '-p', '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}']);
        }
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(0);
    expect(stdout).toBe(`widget.${CRD_GROUP}/plain created\nwidget.${CRD_GROUP}/slow created\n`);
    expect(finalLines(stderr).sort()).toEqual([`widget.${CRD_GROUP}/plain ready (Ns)`, `widget.${CRD_GROUP}/slow ready (Ns)`].sort());
  }, 150_000);
});

describe('kubectl\'s --wait keeps its meaning (vs kubectl.1.33)', () => {
  const cm = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: ${ns}}\ndata: {a: b}\n`;
  test.each([['--wait'], ['--wait=true'], ['--wait=false'], ['--wait=0'], ['--wait=T']])('apply %s: the same bytes, no readiness lines', async (flag) => {
    const [mine, theirs] = await Promise.all([manifest('cm.yaml', cm(NS)), manifest('cm-k.yaml', cm(TWIN))]);
    const [a, b] = await Promise.all([ktl(['apply', '-f', mine, flag]), kubectl(['apply', '-f', theirs, flag])]);
    expect(a.code).toBe(b.code);
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout.replaceAll(NS, 'NS')).toBe(b.stdout.replaceAll(TWIN, 'NS'));
  });

  test.each([['apply'], ['replace']])('%s --wait=maybe: kubectl\'s ParseBool error', async (verb) => {
    const mine = await manifest('cm.yaml', cm(NS));
    const [a, b] = await Promise.all([ktl([verb, '-f', mine, '--wait=maybe']), kubectl([verb, '-f', mine, '--wait=maybe'])]);
    expect(b.code).toBe(1);
    expect(a).toEqual({ ...b, stderr: b.stderr.replaceAll('kubectl', 'ktl') });
  });
});

describe('--wait on create, set image, rollout restart (kubectl has none there)', () => {
  test('create deployment --wait, set image --wait, rollout restart --wait-ready: kubectl\'s stdout, then ready; the server agrees', async () => {
    const [a, b] = await Promise.all([
      ktl(['create', 'deployment', 'gen', '-n', NS, '--image=nginx', '--replicas=2', '--wait=2m'], { timeoutMs: 150_000 }),
      kubectl(['create', 'deployment', 'gen', '-n', TWIN, '--image=nginx', '--replicas=2']),
    ]);
    expect(b).toEqual({ code: 0, stdout: 'deployment.apps/gen created\n', stderr: '' });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(finalLines(a.stderr)).toEqual(['deployment.apps/gen ready (Ns)']);
    const avail = async () => (await kubectl(['get', 'deploy/gen', '-n', NS, '-o', 'jsonpath={.metadata.generation} {.status.observedGeneration} {.status.updatedReplicas} {.status.availableReplicas} {.status.replicas}'])).stdout;
    expect(await avail()).toBe('1 1 2 2 2');

    const s = await ktl(['set', 'image', 'deployment/gen', '--wait', '-n', NS, 'nginx=nginx:1.27'], { timeoutMs: 400_000 });
    expect(s.code).toBe(0);
    expect(s.stdout).toBe('deployment.apps/gen image updated\n');
    expect(finalLines(s.stderr)).toEqual(['deployment.apps/gen ready (Ns)']);
    expect(await avail()).toBe('2 2 2 2 2');

    const r = await ktl(['rollout', 'restart', 'deployment/gen', '-n', NS, '--wait-ready=2m'], { timeoutMs: 150_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('deployment.apps/gen restarted\n');
    expect(finalLines(r.stderr)).toEqual(['deployment.apps/gen ready (Ns)']);
    expect(await avail()).toBe('3 3 2 2 2');
  }, 600_000);
});

describe('the terminal view (pseudo-terminal)', () => {
  test('live lines with spinners, marks on completion, cursor restored; exit 0', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'ktl-awr-pty-'));
    try {
      const f = await manifest('pty.yaml', deployment('tty', NS) + `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: tty, namespace: ${NS}}\n`);
      const cmd = `${process.execPath} ${ktlBin} apply -f ${f} --wait-ready=2m`;
      const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, KUBECONFIG: kubeconfigPath, TERM: 'xterm', COLUMNS: '120', LINES: '30' }, cwd: tmp });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
      expect(r.code).toBe(0);
      expect(r.out).toContain('deployment.apps/tty created\r\nconfigmap/tty created\r\n');
      expect(r.out).toContain('\x1b[?25l'); // cursor hidden while live
      expect(r.out.endsWith('\x1b[?25h')).toBe(true); // and shown again
      expect(r.out).toMatch(/\x1b\[32m✔\x1b\[39m configmap\/tty ready \(0s\)/);
      expect(r.out).toMatch(/\x1b\[32m✔\x1b\[39m deployment\.apps\/tty ready \(\d+s\)/);
      // a spinner frame drew the deployment's live line, then the region was cleared in place
      expect(r.out).toMatch(/\x1b\[36m[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\x1b\[39m deployment\.apps\/tty: /);
      expect(r.out).toMatch(/\x1b\[\d+A\r\x1b\[J/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 150_000);
});
