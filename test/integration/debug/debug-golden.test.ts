/**
 * `ktl debug` against the fake API server, compared with what kubectl 1.33
 * did against the same server for the same arguments
 * (test/golden/debug/<case>.json): exit code, stdout, stderr and every write
 * request — the strategic merge patch of pods/ephemeralcontainers byte for
 * byte, the pods created (node debugging, --copy-to) as objects (kubectl
 * sends them as protobuf; the recorder decodes them with
 * test/golden/debug/pbdec). Generated names (debugger-xxxxx,
 * node-debugger-NODE-xxxxx) are normalised.
 *
 * Re-record: build pbdec (cd test/golden/debug/pbdec && go build), then
 *   KTL_RECORD_DEBUG_GOLDEN=1 KTL_PBDEC=test/golden/debug/pbdec/pbdec \
 *     node --experimental-vm-modules node_modules/jest/bin/jest.js test/integration/debug/debug-golden.test.ts
 */
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(here, '../../golden/debug');
const RECORD = process.env.KTL_RECORD_DEBUG_GOLDEN === '1';
const KUBECTL = process.env.KTL_REFERENCE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

const env = useFakeServer('ktl-debug-');
const NS = '/api/v1/namespaces/default';

const probe = (p: number) => ({
  httpGet: { path: '/', port: p, scheme: 'HTTP' },
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
});

/** A pod as the API server serves it (defaults filled in). */
function pod(name: string, o: { ephemeral?: boolean; runAsUser?: number } = {}) {
  const c = (x: Record<string, unknown>) => ({
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    ...x,
  });
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace: 'default',
      uid: '6f1e1d8e-0000-4000-8000-000000000001',
      resourceVersion: '1234',
      creationTimestamp: '2026-12-01T10:00:00Z',
      labels: { app: 'web', tier: 'front' },
      annotations: { 'example.com/note': 'keep me?' },
    },
    spec: {
      volumes: [{ name: 'data', emptyDir: {} }],
      initContainers: [c({ name: 'init', image: 'busybox:1.36', command: ['true'] })],
      containers: [
        c({
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'prod' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          livenessProbe: probe(80),
          readinessProbe: probe(81),
          startupProbe: probe(82),
          securityContext: { readOnlyRootFilesystem: true },
        }),
        c({ name: 'sidecar', image: 'busybox:1.36', args: ['sleep', 'infinity'] }),
      ],
      ...(o.ephemeral
        ? { ephemeralContainers: [{ name: 'debugger-old', image: 'busybox', resources: {}, terminationMessagePolicy: 'File', imagePullPolicy: 'Always' }] }
        : {}),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName: 'n1',
      securityContext: o.runAsUser !== undefined ? { runAsUser: o.runAsUser } : {},
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: { phase: 'Running', qosClass: 'BestEffort' },
  };
}

const NODE = {
  kind: 'Node',
  apiVersion: 'v1',
  metadata: { name: 'n1', uid: '6f1e1d8e-0000-4000-8000-000000000002', resourceVersion: '99', labels: { 'kubernetes.io/hostname': 'n1' } },
  spec: {},
  status: {},
};

interface Case {
  name: string;
  args: string[];
}

const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];
const CASES: Case[] = [
  ...PROFILES.map((p) => ({ name: `ephemeral-${p}`, args: ['web', '--image=busybox', `--profile=${p}`] })),
  { name: 'ephemeral-default-profile', args: ['web', '--image=busybox'] },
  {
    name: 'ephemeral-every-flag',
    args: ['web', '--profile=general', '-c', 'dbg', '--env', 'A=1', '--env=B=two', '--target=app', '-i', '-t', '--attach=false', '--image-pull-policy=Always', '--image=busybox:1.36', '--', 'sh', '-c', 'echo hi'],
  },
  { name: 'ephemeral-existing', args: ['withdbg', '--image=busybox', '--profile=netadmin', '--arguments-only', '--', 'a', 'b'] },
  { name: 'ephemeral-quiet-target', args: ['web', '--image=busybox', '--profile=baseline', '-q', '--target=app'] },
  { name: 'ephemeral-custom-json', args: ['web', '--image=busybox', '--profile=restricted', '--custom=custom.json', '--env=A=1'] },
  { name: 'ephemeral-custom-yaml', args: ['web', '--image=busybox', '--profile=sysadmin', '--custom=custom.yaml'] },
  { name: 'ephemeral-nonroot-warning', args: ['nonroot', '--image=busybox', '--profile=sysadmin'] },
  { name: 'ephemeral-nonroot-netadmin', args: ['nonroot', '--image=busybox', '--profile=netadmin'] },
  ...PROFILES.map((p) => ({ name: `copy-${p}`, args: ['web', '--image=busybox', `--profile=${p}`, '--copy-to=web-copy'] })),
  {
    name: 'copy-keep-everything',
    args: ['web', '--image=busybox', '--profile=general', '--copy-to=web-copy', '--keep-labels', '--keep-annotations', '--keep-liveness', '--keep-readiness', '--keep-startup', '--keep-init-containers=false', '--same-node', '--share-processes=false'],
  },
  { name: 'copy-legacy-keep-labels', args: ['web', '--image=busybox', '--copy-to=web-copy', '--keep-labels', '--keep-annotations'] },
  { name: 'copy-set-image-only', args: ['web', '--copy-to=web-copy', '--set-image=*=nginx:1.28,sidecar=busybox:debug', '--profile=general'] },
  { name: 'copy-existing-container', args: ['web', '--copy-to=web-copy', '-c', 'app', '--profile=netadmin', '-i', '--attach=false', '--env=X=y', '--', 'sh'] },
  { name: 'copy-init-container-args', args: ['web', '--copy-to=web-copy', '-c', 'init', '--profile=baseline', '--arguments-only', '--', 'x'] },
  { name: 'copy-replace', args: ['web', '--copy-to=web-copy', '--image=busybox', '--profile=general', '--replace', '-c', 'dbg'] },
  { name: 'copy-custom', args: ['web', '--copy-to=web-copy', '--image=busybox', '--profile=general', '--custom=custom.json'] },
  { name: 'copy-nonroot-sysadmin', args: ['nonroot', '--copy-to=nonroot-copy', '--image=busybox', '--profile=sysadmin'] },
  ...PROFILES.map((p) => ({ name: `node-${p}`, args: ['node/n1', '--image=busybox', `--profile=${p}`] })),
  { name: 'node-custom', args: ['node/n1', '--image=busybox', '--profile=general', '-c', 'shell', '--env=K=V', '--custom=custom.json', '--arguments-only', '--', 'sleep', '1'] },
  { name: 'node-quiet', args: ['nodes/n1', '--image=busybox', '--profile=baseline', '-q', '--image-pull-policy=Never'] },
  { name: 'ephemeral-from-file', args: ['-f', 'pod.json', '--image=busybox', '--profile=general', '-c', 'dbg'] },
  { name: 'ephemeral-two-pods', args: ['web', 'withdbg', '--image=busybox', '--profile=netadmin'] },
  // refusals
  { name: 'err-no-image', args: ['web', '--profile=general'] },
  { name: 'err-replace-without-copy', args: ['web', '--image=busybox', '--replace'] },
  { name: 'err-same-node-without-copy', args: ['web', '--image=busybox', '--same-node'] },
  { name: 'err-set-image-without-copy', args: ['web', '--image=busybox', '--set-image=a=b'] },
  { name: 'err-copy-nothing', args: ['web', '--copy-to=x', '--profile=general'] },
  { name: 'err-copy-args-without-container', args: ['web', '--copy-to=x', '--profile=general', '--', 'sh'] },
  { name: 'err-bad-image', args: ['web', '--image=Busy:Box:1', '--profile=general'] },
  { name: 'err-bad-set-image', args: ['web', '--copy-to=x', '--set-image=app=UPPER', '--profile=general'] },
  { name: 'err-no-name', args: ['--image=busybox', '--profile=general'] },
  { name: 'err-pull-policy', args: ['web', '--image=busybox', '--image-pull-policy=Sometimes', '--profile=general'] },
  { name: 'err-target-copy', args: ['web', '--image=busybox', '--copy-to=x', '--target=app', '--profile=general'] },
  { name: 'err-tty-without-stdin', args: ['web', '--image=busybox', '-t', '--profile=general'] },
  { name: 'err-attach-without-container', args: ['web', '--attach', '--copy-to=x', '--set-image=*=nginx', '--profile=general'] },
  { name: 'err-unknown-profile', args: ['web', '--image=busybox', '--profile=admin'] },
  { name: 'err-bad-env', args: ['web', '--image=busybox', '--env=NOEQUALS', '--profile=general'] },
  { name: 'err-custom-missing', args: ['web', '--image=busybox', '--custom=missing.json', '--profile=general'] },
  { name: 'err-custom-invalid-yaml', args: ['web', '--image=busybox', '--custom=bad.yaml', '--profile=general'] },
  { name: 'err-custom-wrong-type', args: ['web', '--image=busybox', '--custom=wrong-type.json', '--profile=general'] },
  { name: 'err-custom-forbidden', args: ['web', '--image=busybox', '--custom=forbidden.json', '--profile=general'] },
  { name: 'err-not-found', args: ['ghost', '--image=busybox', '--profile=general'] },
  { name: 'err-unsupported-kind', args: ['deployment/web', '--image=busybox', '--profile=general'] },
  { name: 'err-legacy-warning-then-not-found', args: ['ghost', '--image=busybox'] },
  { name: 'err-invalid-name', args: ['a%2f', '--image=busybox', '--profile=general'] },
  { name: 'err-invalid-node-name', args: ['node/..', '--image=busybox', '--profile=general'] },
  // an empty POD is a name: its request fails, after the names before it are debugged
  { name: 'err-empty-name', args: ['', '--image=busybox', '--profile=general'] },
  { name: 'err-empty-name-after-one', args: ['web', '', '--image=busybox', '--profile=general', '-c', 'dbg'] },
  { name: 'err-first-found-then-not-found', args: ['web', 'ghost', '--image=busybox', '--profile=general', '-c', 'dbg'] },
];

const CUSTOM_JSON = JSON.stringify({
  env: [{ name: 'A', value: 'from-custom' }, { name: 'EXTRA', value: '1' }],
  securityContext: { runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } },
  volumeMounts: [{ name: 'data', mountPath: '/data' }],
  workingDir: '/tmp',
  stdin: false,
  unknownField: 'dropped',
});
const CUSTOM_YAML = `resources:
  limits:
    cpu: 100m
securityContext:
  allowPrivilegeEscalation: false
env:
- name: FROM_YAML
  value: "yes"
`;

function serve(): void {
  const s = env.server;
  s.discovery();
  const pods: Record<string, unknown> = { web: pod('web'), withdbg: pod('withdbg', { ephemeral: true }), nonroot: pod('nonroot', { runAsUser: 1000 }) };
  for (const [name, p] of Object.entries(pods)) {
    s.json('GET', `${NS}/pods/${name}`, p);
    s.json('PATCH', `${NS}/pods/${name}/ephemeralcontainers`, p);
    s.json('DELETE', `${NS}/pods/${name}`, p);
  }
  s.status('GET', `${NS}/pods/ghost`, 404, 'NotFound', 'pods "ghost" not found', { name: 'ghost', kind: 'pods' });
  s.json('GET', `/apis/apps/v1/namespaces/default/deployments/web`, {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'b' }] } } },
  });
  s.json('GET', '/api/v1/nodes/n1', NODE);
  // the created pod is the one sent, in the namespace
  s.on('POST', `${NS}/pods`, (r) => {
    const sent = decodeBody(r) as { metadata?: Record<string, unknown> };
    return { status: 201, body: { ...sent, metadata: { ...sent.metadata, namespace: 'default' } } };
  });
}

const normalise = (s: string) =>
  s.replace(/\b(node-debugger-n1-|debugger-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1XXXXX');

/** A request's JSON body; kubectl's protobuf bodies through pbdec (recording only). */
function decodeBody(r: RecordedRequest): unknown {
  if (!String(r.headers['content-type'] ?? '').includes('protobuf')) return JSON.parse(r.body);
  const out = spawnSync(process.env.KTL_PBDEC ?? 'pbdec', [], { input: r.rawBody });
  if (out.status !== 0) throw new Error(`pbdec: ${out.stderr}`);
  return JSON.parse(out.stdout.toString());
}

/** The write requests as the golden files keep them. */
function writes(requests: RecordedRequest[]): unknown[] {
  return requests
    .filter((r) => r.method !== 'GET')
    .map((r) => {
      const type = String(r.headers['content-type'] ?? '');
      let body: unknown = normalise(r.body);
      if (r.method === 'DELETE') body = undefined;
      else if (r.method === 'POST') body = JSON.parse(normalise(JSON.stringify(decodeBody(r))));
      return { method: r.method, path: r.path, ...(r.method === 'PATCH' ? { contentType: type } : {}), ...(body !== undefined ? { body } : {}) };
    });
}

async function runKubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(KUBECTL, ['--server', env.server.url, ...args], {
    cwd: env.dir,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECONFIG: '/dev/null' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr: stderr.replace(/\bkubectl(\.1\.33)?\b/g, 'ktl') };
}

describe('ktl debug sends what kubectl 1.33 sends', () => {
  test.each(CASES)('$name', async (c) => {
    await writeFile(path.join(env.dir, 'custom.json'), CUSTOM_JSON);
    await writeFile(path.join(env.dir, 'custom.yaml'), CUSTOM_YAML);
    await writeFile(path.join(env.dir, 'forbidden.json'), JSON.stringify({ image: 'x', env: [] }));
    await writeFile(path.join(env.dir, 'bad.yaml'), 'env: [\n');
    await writeFile(path.join(env.dir, 'wrong-type.json'), JSON.stringify({ env: 'x' }));
    await writeFile(path.join(env.dir, 'pod.json'), JSON.stringify({ ...pod('web'), status: undefined }));
    serve();
    const file = path.join(GOLDEN, `${c.name}.json`);
    if (RECORD) {
      const r = await runKubectl(['debug', ...c.args]);
      const golden = { args: c.args, code: r.code, stdout: normalise(r.stdout), stderr: normalise(r.stderr), writes: writes(env.server.requests) };
      writeFileSync(file, JSON.stringify(golden, null, 2) + '\n');
      return;
    }
    const golden = JSON.parse(readFileSync(file, 'utf8')) as { code: number; stdout: string; stderr: string; writes: unknown[] };
    const r = await runKtl(['--server', env.server.url, 'debug', ...c.args], { cwd: env.dir, env: { KUBECONFIG: '/dev/null', HOME: '/nonexistent' } });
    expect({ code: r.code, stdout: normalise(r.stdout), stderr: normalise(r.stderr) }).toEqual({ code: golden.code, stdout: golden.stdout, stderr: golden.stderr });
    expect(writes(env.server.requests)).toEqual(golden.writes);
    // names are checked before they become URLs
    if (c.name.startsWith('err-invalid')) expect(env.server.requests.filter((q) => /\/(pods|nodes)\//.test(q.path))).toEqual([]);
  });
});
