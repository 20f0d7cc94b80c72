/**
 * ktl get vs the reference kubectl (1.33) on the same objects in a fresh
 * namespace: stdout, stderr and exit code must match after masking only what
 * varies between two runs a moment apart (AGE cells; column padding is
 * normalised by comparing cells split on the tabwriter's 3+ space gaps).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

const ns = uniqueNamespace('ktl-get');
const group = 'ktl-e2e-get.example.com';
let dir: string;

const AGE = /^(?:\d+[smhdy])+$|^<invalid>$/;
/** Table text with ages masked and padding normalised; other text unchanged. */
function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split(/ {3,}/).map((c) => (AGE.test(c) ? '<age>' : c)).join(' | '))
    .join('\n');
}
const norm = (r: ProcResult) => ({ code: r.code, stdout: normalise(r.stdout), stderr: normalise(r.stderr) });

async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
  return { ktl: norm(a), kubectl: norm(b), raw: a };
}

const fixture = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}, color: {type: string}}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;

const objects = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, ktl-e2e: ${ns}}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: fe, ktl-e2e: ${ns}}}
    spec: {containers: [{name: app, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web, ktl-e2e: ${ns}}}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg-10, labels: {app: cfg, ktl-e2e: ${ns}}}
data: {a: "1", html: "<b>&</b>"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg-2, labels: {ktl-e2e: ${ns}, app.kubernetes.io/name: two}}
data: {b: "yes"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, labels: {app: web, ktl-e2e: ${ns}}}
stringData: {password: hunter2}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, labels: {app: web, ktl-e2e: ${ns}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, labels: {app: web, ktl-e2e: ${ns}}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: ${group}/v1
kind: Gadget
metadata: {name: g1, labels: {app: web, ktl-e2e: ${ns}}}
spec: {size: 3, color: red}
---
apiVersion: ${group}/v1
kind: Gadget
metadata: {name: g2, labels: {ktl-e2e: ${ns}}}
spec: {size: 1}
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-get-e2e-'));
  await writeFile(path.join(dir, 'crd.yaml'), fixture);
  await writeFile(path.join(dir, 'objects.yaml'), objects);
  const steps: string[][] = [
    ['create', 'namespace', ns],
    ['apply', '-f', path.join(dir, 'crd.yaml')],
    ['wait', '--for=condition=Established', `crd/gadgets.${group}`, '--timeout=60s'],
    ['-n', ns, 'apply', '-f', path.join(dir, 'objects.yaml')],
    ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s'],
  ];
  for (const s of steps) {
    const r = await kubectl(s, { timeoutMs: 100_000 });
    if (r.code !== 0) throw new Error(`kubectl ${s.join(' ')}: ${r.stderr}`);
  }
  // let pod status and events settle so both tools see the same state
  await new Promise((r) => setTimeout(r, 3000));
}, 180_000);

afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
  await rm(dir, { recursive: true, force: true });
});

const TYPES = ['pods', 'deployments', 'replicasets', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'roles', 'gadgets'];
const VARIANTS: string[][] = [
  [],
  ['-o', 'wide'],
  ['-l', 'app=web'],
  ['--show-labels'],
  ['-L', 'app', '-L', 'app.kubernetes.io/name'],
  ['--sort-by=.metadata.name'],
  ['--no-headers'],
  ['-o', 'name'],
  ['-o', 'yaml'],
  ['-o', 'json'],
  // a page per object: the List built (YAML) or streamed (JSON) across pages asked for ahead
  ['-o', 'yaml', '--chunk-size=1'],
  ['-o', 'json', '--chunk-size=1'],
  ['--chunk-size=1'],
  ['-o', 'jsonpath={.items[*].metadata.name}'],
  ['-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\\t"}{.metadata.labels}{"\\n"}{end}'],
  ['-o', 'custom-columns=NAME:.metadata.name,KIND:.kind,APP:.metadata.labels.app'],
  ['-o', 'go-template={{range .items}}{{.metadata.name}} {{len .metadata.labels}}{{"\\n"}}{{end}}'],
];

describe(`get <type> [variant] matches kubectl`, () => {
  const cases = TYPES.flatMap((t) => VARIANTS.map((v) => [t, v] as const));
  test.each(cases)('%s %j', async (type, variant) => {
    const r = await both(['-n', ns, 'get', type, ...variant]);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.raw.stdout.length + r.raw.stderr.length).toBeGreaterThan(0);
  });

  test.each(TYPES)('-A with a label selector: %s', async (type) => {
    const r = await both(['get', type, '-A', '-l', `ktl-e2e=${ns}`]);
    expect(r.ktl).toEqual(r.kubectl);
  });
});

describe('namespaces, nodes and events with every variant match kubectl', () => {
  // label variants select nothing here; that path ("No resources found") is compared too
  const scoped: Array<[string, string[]]> = [
    ['namespaces', ['get', 'namespaces', '-l', `kubernetes.io/metadata.name=${ns}`]],
    ['nodes', ['get', 'nodes']],
    ['events', ['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.kind=Deployment']],
  ];
  const cases = scoped.flatMap(([t, base]) => VARIANTS.map((v) => [t, base, v] as const));
  test.each(cases)('%s %j %j', async (_type, base, variant) => {
    const r = await both([...base, ...variant]);
    expect(r.ktl).toEqual(r.kubectl);
  });
});

describe('more get forms match kubectl', () => {
  const cases: string[][] = [
    ['get', 'pods,svc'],
    ['get', 'all'],
    ['get', 'all', '-o', 'name'],
    ['get', 'cm/cfg-10', 'secret/creds', 'cm/cfg-2'],
    ['get', 'configmaps', 'cfg-2', 'nope', 'cfg-10'],
    ['get', 'configmaps', 'cfg-2', 'nope', '-o', 'json'],
    ['get', 'configmap', 'nope'],
    ['get', 'configmap', 'cfg-2', '-o', 'yaml'],
    ['get', 'gdg', '-o', 'wide', '--show-kind'],
    ['get', `gadgets.v1.${group}`, 'g1', '-o', 'json'],
    ['get', 'events', '--no-headers', '-o', 'custom-columns=REASON:.reason,OBJ:.involvedObject.kind'],
    ['get', 'events', '-o', 'name'],
    ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'],
    ['get', 'pods', '--sort-by=.metadata.creationTimestamp', '-o', 'name'],
    ['get', 'pods', '-l', 'app=nothing'],
    ['get', 'pods', '-l', 'app=nothing', '-o', 'json'],
    ['get', 'foo'],
    ['get', 'pods', '-o', 'bogus'],
    ['get', 'pods', 'x', '-A'],
    ['get', 'cm', '-o', 'jsonpath={.items[0].metadata.name'],
    // --sort-by on tables: one list whose rows lack the field prints nothing (kubectl's TableSorter), exit 0;
    // several lists or named objects are sorted as Table objects, which have no such field: an error
    ['get', 'configmaps', '--sort-by=.nope'],
    ['get', 'configmaps', '--sort-by=.nope', '-o', 'wide'],
    ['get', 'configmaps', '--sort-by=.nope', '-o', 'name'],
    ['get', 'configmaps', '--sort-by=.metadata.labels.app'],
    ['get', 'pods,svc', '--sort-by=.metadata.name'],
    ['get', 'configmaps', 'cfg-2', 'cfg-10', '--sort-by=.metadata.name'],
    ['get', 'pods,svc', '--sort-by=.kind'],
    ['get', 'configmap', 'cfg-2', '--sort-by=.nope'],
    // a list the server refuses (bad selectors): the resource and selectors in front of its message
    ['get', 'pods', '-l', '!!!'],
    ['get', 'pods', '--field-selector=bogus=1', '-o', 'name'],
    ['get', 'pods,deploy', '-l', 'a in (b'],
    ['delete', 'pods', '-l', '!!!'],
    ['describe', 'pods', '-l', '!!!'],
    ['label', 'pods', '--field-selector=bogus=1', 'a=b'],
    ['scale', 'deploy', '-l', '!!!', '--replicas=1'],
    // --subresource: any value goes to the server (kubectl 1.33 checks none); types without names are refused first
    ['get', 'deploy', 'web', '--subresource=bogus'],
    ['get', 'deploy', '--subresource=status'],
    ['get', 'nope', '--subresource=status'],
    ['get', 'deploy', '-l', 'app=web', '--subresource=scale'],
    // validation as kubectl 1.33 orders and words it (dry runs: nothing is created)
    ['create', 'deploy'],
    ['create', 'cronjob', 'x'],
    ['create', 'service', 'externalname'],
    ['create', 'role', 'r9', '--verb=bogus', '--verb=get', '--resource=pods', '--dry-run=client'],
    ['create', 'clusterrole', 'r9', '--verb=bogus', '--non-resource-url=/x', '--dry-run=client'],
    ['create', 'role', 'r9', '--verb=get', '--resource=nope.apps', '--dry-run=client'],
    ['set', 'env', 'deploy/web', 'A B=1', '--dry-run=client'],
    ['set', 'env', 'deploy/web', '1A=1', '--dry-run=client'],
    ['set', 'image'],
    ['rollout', 'status'],
    ['rollout', 'undo'],
    ['apply'],
    ['label', 'deploy', 'web', '--all', 'x=y', '--dry-run=client'],
    ['annotate', 'deploy', 'web', '--all', 'x=y', '--dry-run=client'],
  ];
  test.each(cases)('%j', async (...args) => {
    const r = await both(['-n', ns, ...args]);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test.each([
    [['get', 'namespace', 'NS']],
    [['get', 'namespace', 'NS', '-o', 'yaml']],
    [['get', 'namespaces', 'NS', '--show-labels']],
    [['get', 'nodes']],
    [['get', 'nodes', '-o', 'wide']],
    [['get', 'nodes', '-o', 'name']],
    [['get', 'nodes', '-o', 'jsonpath={.items[*].status.capacity.pods}']],
    [['get', 'crd', `gadgets.${group}`]],
  ])('cluster-scoped %j', async (args) => {
    const r = await both(args.map((a) => (a === 'NS' ? ns : a)));
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('empty namespace', async () => {
    const empty = uniqueNamespace('ktl-get-empty');
    await kubectl(['create', 'namespace', empty]);
    try {
      const r = await both(['-n', empty, 'get', 'pods']);
      expect(r.ktl).toEqual({ code: 0, stdout: '', stderr: `No resources found in ${empty} namespace.\n` });
      expect(r.ktl).toEqual(r.kubectl);
    } finally {
      await kubectl(['delete', 'namespace', empty, '--wait=false']);
    }
  });

  test('-f of the fixture', async () => {
    const r = await both(['-n', ns, 'get', '-f', path.join(dir, 'objects.yaml')]);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('Forbidden for the read-only context (secrets)', async () => {
    const r = await both(['--context', 'ktl-dev-viewer', '-n', ns, 'get', 'secrets']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toMatch(/^Error from server \(Forbidden\): secrets is forbidden: /);
    expect(r.ktl).toEqual(r.kubectl);
  });
});
