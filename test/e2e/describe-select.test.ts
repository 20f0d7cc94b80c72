/**
 * `ktl describe` selection against kubectl.1.33 on the same objects: custom
 * resources (generic describer, nested fields), prefix matching, -l over
 * many objects, -A, -f, --show-events=false, missing names, unknown types,
 * Forbidden as the viewer. Outputs must match byte for byte, ages masked.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace } from './cluster-env.js';
import { describeBoth, views } from './describe-helpers.js';
import { until } from './kubelet-env.js';

const NS = uniqueNamespace('ktl-desc-sel');
const GROUP = `${NS}.example.com`;
// names no other test uses: an unqualified type must resolve to this file's CRD only
// (another CRD with the same plural, even one deleted but still in a discovery cache,
// would make 'widgets' mean that one)
const CRD = `selwidgets.${GROUP}`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${CRD}}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: {plural: selwidgets, singular: selwidget, kind: SelWidget, shortNames: [swdg]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

function widget(name: string, labels: Record<string, string>, spec: string): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ');
  return `apiVersion: ${GROUP}/v1
kind: SelWidget
metadata: {name: ${name}, namespace: ${NS}, labels: {${l}}, annotations: {note: "a widget", long: "${'z'.repeat(150)}"}}
spec:
${spec}
`;
}

const nested = `  size: 3
  ratio: 0.25
  enabled: true
  nothing: null
  tags: [a, b, 7]
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: metrics, port: 9090}
  template:
    metadata: {labels: {app: w}}
    spec:
      containers: [{name: c, image: nginx, args: ["--x=1", "--y"]}]
  matrix: [[1, 2], [3]]
  emptyMap: {}
  emptyList: []
  camelCaseKey: v
  apiURL: http://x
  with.dot: d
  kebab-case: k`;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  const c = await kubectl(['apply', '-f', '-'], { input: crd });
  if (c.code !== 0) throw new Error(c.stderr);
  await kubectl(['wait', '--for=condition=Established', `crd/${CRD}`, '--timeout=60s']);
  const docs = [widget('alpha-1', { tier: 'a' }, nested), widget('alpha-2', { tier: 'a' }, '  size: 1'), widget('beta', { tier: 'b' }, '  size: 2')];
  for (let i = 0; i < 12; i++) docs.push(widget(`many-${i}`, { many: 'yes' }, `  index: ${i}`));
  // Established does not mean the API server serves the new group yet: wait until it lists widgets
  // (both tools asked with the full name, so both discovery caches know the new group)
  await until('the selwidgets resource is served', async () => {
    const [a, b] = await Promise.all([kubectl(['get', '-n', NS, `selwidgets.${GROUP}`]), ktl(['get', '-n', NS, `selwidgets.${GROUP}`])]);
    return a.code === 0 && b.code === 0 ? true : undefined;
  });
  const r = await kubectl(['apply', '-f', '-'], { input: docs.join('---\n') });
  if (r.code !== 0) throw new Error(r.stderr);
  // an event about alpha-1, so the Events table has a row (describe finds events by the object's uid too)
  const uid = (await kubectl(['get', '-n', NS, `selwidgets.${GROUP}`, 'alpha-1', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  const ev = `apiVersion: v1
kind: Event
metadata: {name: alpha-1.ev, namespace: ${NS}}
involvedObject: {apiVersion: ${GROUP}/v1, kind: SelWidget, name: alpha-1, namespace: ${NS}, uid: ${uid}}
reason: Tested
message: "widget checked  "
type: Normal
count: 3
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:10:00Z"
source: {component: ktl-e2e}
`;
  const e = await kubectl(['apply', '-f', '-'], { input: ev });
  if (e.code !== 0) throw new Error(e.stderr);
});

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await kubectl(['delete', 'crd', CRD, '--wait=false']);
});

const cases: Array<[string, string[], string?]> = [
  ['a CR with nested fields (generic describer) and an event', ['describe', '-n', NS, 'selwidget', 'alpha-1'], 'Tested   3m'.slice(0, 6)],
  ['TYPE/NAME with a short name', ['describe', '-n', NS, 'swdg/alpha-2']],
  ['a name prefix matches several', ['describe', '-n', NS, 'selwidgets', 'alpha']],
  ['a prefix that matches nothing', ['describe', '-n', NS, 'selwidgets', 'gamma']],
  ['several names, one missing', ['describe', '-n', NS, 'selwidgets', 'alpha-1', 'nope', 'beta']],
  ['several missing names', ['describe', '-n', NS, 'selwidgets', 'nope1', 'nope2']],
  ['-l over many objects', ['describe', '-n', NS, 'selwidgets', '-l', 'many=yes'], 'Name:         many-11'],
  ['-l matching nothing', ['describe', '-n', NS, 'selwidgets', '-l', 'many=no']],
  ['--show-events=false', ['describe', '-n', NS, 'selwidget', 'alpha-1', '--show-events=false']],
  ['--chunk-size=2 over many objects', ['describe', '-n', NS, 'selwidgets', '-l', 'tier', '--chunk-size=2']],
  ['-A with a selector', ['describe', '-A', 'selwidgets', '-l', 'tier=b']],
  ['an unknown type', ['describe', '-n', NS, 'nosuchthings']],
  ['an unknown type with a name', ['describe', '-n', NS, 'nosuchthings', 'x']],
  ['no arguments', ['describe']],
  ['TYPE/NAME with -A', ['describe', '-A', 'selwidget/alpha-1']],
];

describe('describe selection, ktl vs kubectl.1.33', () => {
  // objects, not arrays: a row shorter than the callback's arity would make jest pass its done callback as mustContain
  test.each(cases.map(([title, args, mustContain]) => ({ title, args, mustContain })))('$title', async ({ args, mustContain }) => {
    const [a, b] = views(await describeBoth(args));
    expect(a).toEqual(b);
    if (mustContain) expect(a.stdout).toContain(mustContain);
  });

  test('Forbidden as the viewer', async () => {
    const [a, b] = views(await describeBoth(['describe', '-n', NS, 'selwidgets'], { context: 'ktl-dev-viewer' }));
    expect(a.code).toBe(1);
    expect(a).toEqual(b);
  });

  test('-f with a manifest naming existing and missing objects', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-desc-'));
    try {
      const file = path.join(dir, 'w.yaml');
      await writeFile(file, [widget('beta', {}, '  size: 2'), widget('absent', {}, '  size: 0')].join('---\n'));
      const [a, b] = views(await describeBoth(['describe', '-f', file]));
      expect(a).toEqual(b);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
