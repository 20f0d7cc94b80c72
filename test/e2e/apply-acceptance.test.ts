/**
 * Issue 5 acceptance cases for `ktl apply` that test/e2e/apply.test.ts does not
 * cover, each compared with kubectl.1.33 on twin objects (ktl -> namespace A,
 * kubectl -> namespace B): a CRD and a custom resource, an immutable-field
 * failure with and without --force, and bad input (YAML syntax error, missing
 * name, ~4 MB / ~1 MB objects, a directory mixing good and bad files).
 * Printed lines, exit codes and the resulting objects (normalised) must match
 * once the namespace names are swapped for NS.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-acc-a');
const B = uniqueNamespace('ktl-acc-b');
/** Each tool gets its own CRD: the group embeds the namespace name, so NS normalises it too. */
const group = (ns: string) => `${ns}.example.com`;
const crdName = (ns: string) => `widgets.${group(ns)}`;
let dir = '';

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-apply-acc-');
});
afterAll(async () => {
  await Promise.all([
    kubectl(['delete', 'crd', crdName(A), crdName(B), '--ignore-not-found', '--wait=false']),
    kubectl(['delete', 'ns', A, '--wait=false']),
    kubectl(['delete', 'ns', B, '--wait=false']),
  ]);
  await rm(dir, { recursive: true, force: true });
});

const UID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Writes the manifest for one namespace; NS in the text is replaced. */
async function manifest(name: string, text: string, ns: string): Promise<string> {
  const file = path.join(dir, `${ns}-${name}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text.replaceAll('NS', ns));
  return file;
}

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(path.join(dir, `${ns}-`), '').replaceAll(ns, 'NS'),
  stderr: r.stderr
    .replaceAll(path.join(dir, `${ns}-`), '')
    .replaceAll(ns, 'NS')
    .replaceAll('ktl', 'kubectl')
    .replace(UID_RE, 'UID')
    .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID '),
});

/** Runs `apply -f <paths>` with both tools (ktl on A's files, kubectl on B's); names are relative to dir. */
async function run(names: string[], extra: string[] = []) {
  const args = (ns: string) => names.flatMap((n) => ['-f', path.join(dir, `${ns}-${n}`)]);
  const [a, b] = await Promise.all([ktl(['apply', ...extra, ...args(A)]), kubectl(['apply', ...extra, ...args(B)])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

/** Writes the same manifest for both namespaces and applies it with both tools. */
async function both(name: string, text: string, extra: string[] = []) {
  await Promise.all([manifest(name, text, A), manifest(name, text, B)]);
  return run([name], extra);
}

/**
 * A live object with what always differs dropped: uid, resourceVersion,
 * creationTimestamp, generation, managedFields times (managers kept), status;
 * UIDs inside (Job selectors) and the namespace name are normalised.
 */
async function state(ns: string, ref: string) {
  const r = await kubectl(['get', '-n', ns, ref.replaceAll('NS', ns), '-o', 'json']);
  if (r.code !== 0) return { missing: r.stderr.replaceAll(ns, 'NS') };
  const o = JSON.parse(r.stdout.replaceAll(ns, 'NS').replace(UID_RE, 'UID'));
  const { resourceVersion: _rv, uid: _u, creationTimestamp: _c, generation: _g, managedFields, ...meta } = o.metadata;
  const managers = (managedFields ?? [])
    .map((f: { manager: string; operation: string; subresource?: string }) => `${f.manager}/${f.operation}/${f.subresource ?? ''}`)
    .sort();
  const { metadata: _m, status: _s, ...rest } = o;
  return { meta, ...rest, managers };
}

/** The object's uid in each namespace, to show --force recreated it. */
const uids = (ref: string) =>
  Promise.all([A, B].map(async (ns) => (await kubectl(['get', '-n', ns, ref, '-o', 'jsonpath={.metadata.uid}'])).stdout));

async function expectSameObject(ref: string) {
  const [a, b] = await Promise.all([state(A, ref), state(B, ref)]);
  expect(a).toEqual(b);
  return a as Record<string, unknown> & { missing?: string };
}

describe('apply acceptance: CRD and custom resource', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.NS.example.com
  labels: {suite: acceptance}
spec:
  group: NS.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
`;
  const cr = (spec: string) => `apiVersion: NS.example.com/v1
kind: Widget
metadata:
  name: w
  namespace: NS
  labels: {app: w}
spec:
${spec}`;
  const CR1 = cr(`  size: 1
  color: red
  items: [a, b, c]
  ports: [{name: http, port: 80}, {name: https, port: 443}, {name: dns, port: 53}]
`);
  const CR2 = cr(`  size: 2
  color: red
  items: [a, b, c]
  ports: [{name: http, port: 80}, {name: https, port: 443}, {name: dns, port: 53}]
`);
  // removed list elements (b; the https port) and a removed field (color)
  const CR3 = cr(`  size: 2
  items: [a, c]
  ports: [{name: http, port: 80}, {name: dns, port: 53}]
`);

  test('CRD created, Established, unchanged on re-apply', async () => {
    let r = await both('crd.yaml', crd);
    expect(r.ktl.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.NS.example.com created\n');
    expect(r.ktl).toEqual(r.kubectl);
    const waits = await Promise.all(
      [A, B].map((ns) => kubectl(['wait', '--for=condition=Established', `crd/${crdName(ns)}`, '--timeout=60s'])),
    );
    for (const w of waits) expect(w.code).toBe(0);
    await expectSameObject('crd/widgets.NS.example.com');
    r = await both('crd.yaml', crd);
    expect(r.ktl.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.NS.example.com unchanged\n');
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('crd/widgets.NS.example.com');
  });

  test('custom resource: created, unchanged, configured, list elements removed', async () => {
    const expected = ['created', 'unchanged', 'configured', 'configured', 'unchanged'];
    for (const [i, text] of [CR1, CR1, CR2, CR3, CR3].entries()) {
      const r = await both(`cr-${i}.yaml`, text);
      expect(r.ktl).toEqual(r.kubectl);
      expect(r.ktl).toEqual({ code: 0, stdout: `widget.NS.example.com/w ${expected[i]}\n`, stderr: '' });
      await expectSameObject('widget.NS.example.com/w');
    }
    const s = (await state(A, 'widget.NS.example.com/w')) as { spec?: Record<string, unknown> };
    expect(s.spec).toEqual({ size: 2, items: ['a', 'c'], ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53 }] });
  });

  test('custom resource: kubectl applies, ktl re-applies (and the reverse) without spurious change', async () => {
    const fa = await manifest('cr-turns-1.yaml', CR1.replace('name: w', 'name: t'), A);
    const fb = await manifest('cr-turns-3.yaml', CR3.replace('name: w', 'name: t'), A);
    const ref = `widget.${group(A)}/t`;
    expect((await kubectl(['apply', '-f', fa])).stdout).toBe(`${ref} created\n`);
    expect(await ktl(['apply', '-f', fa])).toEqual({ code: 0, stdout: `${ref} unchanged\n`, stderr: '' });
    expect(await ktl(['apply', '-f', fb])).toEqual({ code: 0, stdout: `${ref} configured\n`, stderr: '' });
    expect((await kubectl(['apply', '-f', fb])).stdout).toBe(`${ref} unchanged\n`);
    expect((await kubectl(['apply', '-f', fa])).stdout).toBe(`${ref} configured\n`);
    expect(await ktl(['apply', '-f', fa])).toEqual({ code: 0, stdout: `${ref} unchanged\n`, stderr: '' });
  });
});

describe('apply acceptance: immutable fields', () => {
  const deploy = (app: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: imm, namespace: NS}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: c, image: ${image}}]
`;
  const job = (image: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: jf, namespace: NS}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: ${image}}]
`;

  test('Deployment selector change: error and exit 1 without --force; --force deletes and recreates', async () => {
    let r = await both('imm-1.yaml', deploy('a', 'nginx:1'));
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toBe('deployment.apps/imm created\n');

    r = await both('imm-2.yaml', deploy('b', 'nginx:2'));
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stderr).toContain('field is immutable');
    expect(r.ktl).toEqual(r.kubectl);
    const before = await expectSameObject('deployment/imm');
    expect((before.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'a' } });

    const uidsBefore = await uids('deployment/imm');
    r = await both('imm-2.yaml', deploy('b', 'nginx:2'), ['--force']);
    expect(r.kubectl).toEqual({ code: 0, stdout: 'deployment.apps/imm configured\n', stderr: '' });
    const uidsAfter = await uids('deployment/imm');
    for (const k of [0, 1]) expect(uidsAfter[k]).not.toBe(uidsBefore[k]);
    expect(r.ktl).toEqual(r.kubectl);
    const after = await expectSameObject('deployment/imm');
    expect((after.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'b' } });
  });

  test('Job template change: error and exit 1 without --force; --force deletes and recreates', async () => {
    let r = await both('jf-1.yaml', job('busybox:1'));
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toBe('job.batch/jf created\n');

    r = await both('jf-2.yaml', job('busybox:2'));
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stderr).toContain('field is immutable');
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('job/jf');

    const uidsBefore = await uids('job/jf');
    r = await both('jf-2.yaml', job('busybox:2'), ['--force']);
    expect(r.kubectl).toEqual({ code: 0, stdout: 'job.batch/jf configured\n', stderr: '' });
    const uidsAfter = await uids('job/jf');
    for (const k of [0, 1]) expect(uidsAfter[k]).not.toBe(uidsBefore[k]);
    expect(r.ktl).toEqual(r.kubectl);
    const after = await expectSameObject('job/jf');
    const spec = after.spec as { template: { spec: { containers: { image: string }[] } } };
    expect(spec.template.spec.containers[0].image).toBe('busybox:2');
  });
});

describe('apply acceptance: bad input', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: NS}\ndata: {k: v}\n`;

  test('YAML syntax error in the first document: kubectl\'s message, exit 1, the rest of that file not applied', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: x
   bad: y
---
${cm('after-syntax')}`;
    const r = await both('syntax.yaml', text);
    expect(r.kubectl).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: error parsing syntax.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n',
    });
    expect(r.ktl).toEqual(r.kubectl);
    const s = await expectSameObject('configmap/after-syntax');
    expect(s.missing).toContain('not found');
  });

  test('YAML syntax error in a later document: the documents before it applied, the error names the document', async () => {
    const text = `${cm('before-syntax')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: y
  labels: {a: b
---
${cm('after-syntax2')}`;
    const r = await both('syntax2.yaml', text);
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stdout).toBe('configmap/before-syntax created\n');
    const line = "error: error parsing syntax2.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or '}'";
    expect(r.kubectl.stderr).toBe(`${line}\n`);
    // ktl adds which document of the stream the line number counts in
    expect(r.ktl).toEqual({ ...r.kubectl, stderr: `${line} (document 2)\n` });
    await expectSameObject('configmap/before-syntax');
    expect((await expectSameObject('configmap/after-syntax2')).missing).toContain('not found');
  });

  test('missing metadata.name: error per object, the others applied, exit 1', async () => {
    const text = `${cm('nn-good1')}---
apiVersion: apps/v1
kind: Deployment
metadata: {namespace: NS, labels: {a: b}}
spec: {}
---
${cm('nn-good2')}`;
    const r = await both('noname.yaml', text);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toContain('resource name may not be empty');
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toBe('configmap/nn-good1 created\nconfigmap/nn-good2 created\n');
    await expectSameObject('configmap/nn-good1');
    await expectSameObject('configmap/nn-good2');
  });

  test('a ~4 MB ConfigMap (over the 3 MiB request limit) and a ~1 MB one (under it, annotation too long)', async () => {
    const big = (name: string, size: number) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: NS}\ndata:\n  a: "${'x'.repeat(size)}"\n`;
    const text = `${cm('sz-good1')}---\n${big('over', 4_000_000)}---\n${big('under', 1_000_000)}---\n${cm('sz-good2')}`;
    const r = await both('size.yaml', text);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.kubectl.stdout).toBe('configmap/sz-good1 created\nconfigmap/sz-good2 created\n');
    expect(r.kubectl.stderr).toContain('Request entity too large: limit is 3145728');
    expect(r.kubectl.stderr).toContain('metadata.annotations: Too long');
    for (const ref of ['configmap/sz-good1', 'configmap/sz-good2']) await expectSameObject(ref);
    for (const ref of ['configmap/over', 'configmap/under']) expect((await expectSameObject(ref)).missing).toContain('not found');
  });

  test('-f DIR mixing good and bad files: errors listed, good files applied, exit 1', async () => {
    const files: Record<string, string> = {
      'a-good.yaml': cm('dir-a'),
      'b-invalid.yaml': cm('Dir_B'),
      'c-good.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dir-c', namespace: 'NS' } }),
      // apps/v1, not core: ktl prints the core group as "v1, Resource=…" where kubectl prints "/v1, …" (see report)
      'd-noname.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {namespace: NS}\nspec: {}\n',
      'e-unknown.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: NS}\n',
      'f-good.yaml': `${cm('dir-f1')}---\n${cm('dir-f2')}`,
      'g-syntax.yaml': `${cm('dir-g1')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-g2\n  labels: {a: b\n---\n${cm('dir-g3')}`,
      'h-good.yaml': cm('dir-h'),
      'notes.txt': 'not a manifest: ignored by both\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await Promise.all([manifest(`mixed/${name}`, text, A), manifest(`mixed/${name}`, text, B)]);
    }
    const r = await run(['mixed']);
    expect(r.ktl.code).toBe(1);
    const syntax = "error parsing mixed/g-syntax.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or '}'";
    expect(r.kubectl.stderr).toContain(syntax);
    expect(r.ktl.stderr).toContain(`${syntax} (document 2)`);
    expect({ ...r.ktl, stderr: r.ktl.stderr.replace(' (document 2)', '') }).toEqual(r.kubectl);
    expect(r.kubectl.stdout).toBe(
      'configmap/dir-a created\nconfigmap/dir-c created\nconfigmap/dir-f1 created\nconfigmap/dir-f2 created\nconfigmap/dir-g1 created\nconfigmap/dir-h created\n',
    );
    for (const n of ['dir-a', 'dir-c', 'dir-f1', 'dir-f2', 'dir-g1', 'dir-h']) await expectSameObject(`configmap/${n}`);
    for (const n of ['dir-g2', 'dir-g3']) expect((await expectSameObject(`configmap/${n}`)).missing).toContain('not found');
  });
});
