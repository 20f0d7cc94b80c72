import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, type RecordedRequest } from '../fake-server.js';

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

const podCols = [
  { name: 'Name', type: 'string', format: 'name', priority: 0, description: '' },
  { name: 'Ready', type: 'string', format: '', priority: 0, description: '' },
  { name: 'Status', type: 'string', format: '', priority: 0, description: '' },
  { name: 'Age', type: 'string', format: '', priority: 0, description: '' },
  { name: 'IP', type: 'string', format: '', priority: 1, description: '' },
];
const svcCols = [
  { name: 'Name', type: 'string', format: 'name', priority: 0, description: '' },
  { name: 'Type', type: 'string', format: '', priority: 0, description: '' },
  { name: 'Age', type: 'string', format: '', priority: 0, description: '' },
];

function meta(name: string, ns: string, labels?: Record<string, string>, rv = '1') {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name, namespace: ns, resourceVersion: rv, ...(labels ? { labels } : {}) } };
}
function podRow(name: string, ns = 'default', labels?: Record<string, string>, status = 'Running', rv = '1') {
  return { cells: [name, '1/1', status, '5m', '10.0.0.1'], object: meta(name, ns, labels, rv) };
}
function table(columnDefinitions: unknown[], rows: unknown[], extra: Record<string, unknown> = {}) {
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '100', ...extra }, columnDefinitions, rows };
}

let server: FakeApiServer;
let cache: string;
// the first run of a file loads get's modules (seconds on a loaded machine): load them
// here, so no test's time includes it (the first table test hit jest's 5 s that way)
beforeAll(async () => {
  const warm = await FakeApiServer.start();
  try {
    warm.discovery();
    warm.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [podRow('warm-up')]));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-get-warm-'));
    expect((await runKtl(['--server', warm.url, 'get', 'pods'], { env: { KUBECACHEDIR: dir } })).code).toBe(0);
    await rm(dir, { recursive: true, force: true });
  } finally {
    await warm.close();
  }
});
beforeEach(async () => {
  server = await FakeApiServer.start();
  server.discovery();
  cache = await mkdtemp(path.join(os.tmpdir(), 'ktl-get-int-'));
});
afterEach(async () => {
  await server.close();
  await rm(cache, { recursive: true, force: true });
});

const ktl = (...args: string[]) => runKtl(['--server', server.url, ...args], { env: { KUBECACHEDIR: cache } });

describe('get: tables', () => {
  test('sends a table request (kubectl\'s Accept; no row objects, which nothing printed reads) and lays the table out', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [podRow('web-1'), podRow('db-0', 'default', undefined, 'Pending')]));
    const r = await ktl('get', 'pods');
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'NAME    READY   STATUS    AGE\nweb-1   1/1     Running   5m\ndb-0    1/1     Pending   5m\n' });
    const req = server.requestsTo('/api/v1/namespaces/default/pods')[0]!;
    expect(req.headers.accept).toBe(TABLE_ACCEPT);
    expect(req.url).toBe('/api/v1/namespaces/default/pods?includeObject=None&limit=500');
    expect(server.unexpected).toEqual([]);
  });

  test('from -v=6 on, where request URLs are logged, the table request is kubectl\'s own (no includeObject)', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [podRow('web-1')]));
    const r = await ktl('get', 'pods', '--no-headers', '-v=6');
    expect(r.stdout).toBe('web-1   1/1   Running   5m\n');
    expect(r.stderr).toMatch(/"Response" verb="GET" url="http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\?limit=500" status="200 OK"/);
    expect(server.requestsTo('/api/v1/namespaces/default/pods').map((q) => q.url)).toEqual(['/api/v1/namespaces/default/pods?limit=500']);
  });

  test('row metadata is asked for (the server\'s default) only when a column reads it: -L, --show-labels, -A', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [podRow('web-1', 'default', { app: 'web' })]));
    expect((await ktl('get', 'pods', '-L', 'app')).stdout).toBe('NAME    READY   STATUS    AGE   APP\nweb-1   1/1     Running   5m    web\n');
    expect((await ktl('get', 'pods', '--show-labels', '--no-headers')).stdout).toBe('web-1   1/1   Running   5m    app=web\n');
    expect((await ktl('get', 'pods', '-o', 'wide', '--no-headers')).stdout).toBe('web-1   1/1   Running   5m    10.0.0.1\n');
    expect(server.requestsTo('/api/v1/namespaces/default/pods').map((q) => q.url)).toEqual([
      '/api/v1/namespaces/default/pods?limit=500',
      '/api/v1/namespaces/default/pods?limit=500',
      '/api/v1/namespaces/default/pods?includeObject=None&limit=500',
    ]);
    server.json('GET', '/api/v1/namespaces/default/pods/web-1', table(podCols, [podRow('web-1')]));
    expect((await ktl('get', 'pod', 'web-1', '--no-headers')).stdout).toBe('web-1   1/1   Running   5m\n');
    expect(server.requestsTo('/api/v1/namespaces/default/pods/web-1')[0]!.url).toBe('/api/v1/namespaces/default/pods/web-1?includeObject=None');
  });

  test('-A -o wide --show-labels -L: NAMESPACE first, label columns last, cluster-wide path, selectors encoded', async () => {
    server.json('GET', '/api/v1/pods', table(podCols, [podRow('web-1', 'dev', { app: 'web', tier: 'fe' }), podRow('x', 'kube-system')]));
    const r = await ktl('get', 'pods', '-A', '-o', 'wide', '--show-labels', '-L', 'app', '-l', 'app in (web,db),tier!=x', '--field-selector', 'status.phase=Running');
    expect(r.stdout).toBe(
      'NAMESPACE     NAME    READY   STATUS    AGE   IP         APP   LABELS\n' +
        'dev           web-1   1/1     Running   5m    10.0.0.1   web   app=web,tier=fe\n' +
        'kube-system   x       1/1     Running   5m    10.0.0.1         <none>\n',
    );
    expect(server.requestsTo('/api/v1/pods')[0]!.url).toBe(
      '/api/v1/pods?fieldSelector=status.phase%3DRunning&labelSelector=app+in+%28web%2Cdb%29%2Ctier%21%3Dx&limit=500',
    );
  });

  test('several types: kind/name cells, one header block per type, a blank line between, empty types skipped', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [podRow('web-1')]));
    server.json('GET', '/api/v1/namespaces/default/services', table(svcCols, [{ cells: ['kubernetes', 'ClusterIP', '30d'], object: meta('kubernetes', 'default') }]));
    server.json('GET', '/apis/apps/v1/namespaces/default/deployments', table(svcCols, []));
    const r = await ktl('get', 'pods,deploy,svc');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: 'NAME        READY   STATUS    AGE\npod/web-1   1/1     Running   5m\n\nNAME                 TYPE        AGE\nservice/kubernetes   ClusterIP   30d\n',
    });
  });

  test('missing names: NotFound line each, found ones printed, exit 1', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods/web-1', table(podCols, [podRow('web-1')]));
    server.status('GET', '/api/v1/namespaces/default/pods/a', 404, 'NotFound', 'pods "a" not found');
    server.status('GET', '/api/v1/namespaces/default/pods/b', 404, 'NotFound', 'pods "b" not found');
    const r = await ktl('get', 'pods', 'a', 'web-1', 'b');
    expect(r).toEqual({
      code: 1,
      stdout: 'NAME    READY   STATUS    AGE\nweb-1   1/1     Running   5m\n',
      stderr: 'Error from server (NotFound): pods "a" not found\nError from server (NotFound): pods "b" not found\n',
    });
    const one = await ktl('get', 'pods', 'a');
    expect(one).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "a" not found\n' });
    expect(await ktl('get', 'pods', 'a', '--ignore-not-found')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('several types, some names missing: kinds shown only when what was found has more than one kind', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods/p1', table(podCols, [podRow('p1')]));
    server.json('GET', '/api/v1/namespaces/default/pods/p2', table(podCols, [podRow('p2')]));
    server.status('GET', '/api/v1/namespaces/default/services/p1', 404, 'NotFound', 'services "p1" not found');
    server.status('GET', '/api/v1/namespaces/default/services/nope', 404, 'NotFound', 'services "nope" not found');
    expect(await ktl('get', 'pods,svc', 'p1')).toEqual({
      code: 1,
      stdout: 'NAME   READY   STATUS    AGE\np1     1/1     Running   5m\n',
      stderr: 'Error from server (NotFound): services "p1" not found\n',
    });
    // the failed name between two pods starts no new header block
    expect(await ktl('get', 'pod/p1', 'svc/nope', 'pod/p2')).toEqual({
      code: 1,
      stdout: 'NAME   READY   STATUS    AGE\np1     1/1     Running   5m\np2     1/1     Running   5m\n',
      stderr: 'Error from server (NotFound): services "nope" not found\n',
    });
    expect(await ktl('get', 'pod/p1', 'svc/nope', '--ignore-not-found')).toEqual({ code: 0, stdout: 'NAME   READY   STATUS    AGE\np1     1/1     Running   5m\n', stderr: '' });
  });

  test('-A: once a namespaced type printed a NAMESPACE column, a cluster-scoped type after it keeps it, blank', async () => {
    server.json('GET', '/api/v1/pods', table(podCols, [podRow('web-1', 'dev')]));
    server.json('GET', '/api/v1/nodes', table(svcCols, [{ cells: ['n1', 'Ready', '1d'], object: meta('n1', '') }]));
    expect((await ktl('get', 'pods,nodes', '-A')).stdout).toBe(
      'NAMESPACE   NAME        READY   STATUS    AGE\ndev         pod/web-1   1/1     Running   5m\n\n' +
        'NAMESPACE   NAME      TYPE    AGE\n            node/n1   Ready   1d\n',
    );
    expect((await ktl('get', 'nodes,pods', '-A')).stdout).toBe(
      'NAME      TYPE    AGE\nnode/n1   Ready   1d\n\n' +
        'NAMESPACE   NAME        READY   STATUS    AGE\ndev         pod/web-1   1/1     Running   5m\n',
    );
  });

  test('empty lists: message on stderr, exit 0', async () => {
    server.json('GET', '/api/v1/namespaces/dev/pods', table(podCols, []));
    server.json('GET', '/api/v1/nodes', table(svcCols, []));
    expect(await ktl('get', 'pods', '-n', 'dev')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in dev namespace.\n' });
    expect(await ktl('get', 'nodes')).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });
  });

  test('paging: follows continue tokens with the same limit; one header, widths over all pages', async () => {
    server.on(
      'GET',
      '/api/v1/namespaces/default/pods',
      { body: table(podCols, [podRow('a')], { continue: 'tok1' }) },
      { body: table(podCols, [podRow('bbbbbbbbbbbb')]) },
    );
    const r = await ktl('get', 'pods', '--chunk-size=1');
    expect(r.stdout).toBe('NAME           READY   STATUS    AGE\na              1/1     Running   5m\nbbbbbbbbbbbb   1/1     Running   5m\n');
    expect(server.requestsTo('/api/v1/namespaces/default/pods').map((q) => q.url)).toEqual([
      '/api/v1/namespaces/default/pods?includeObject=None&limit=1',
      '/api/v1/namespaces/default/pods?continue=tok1&includeObject=None&limit=1',
    ]);
  });

  test('no Table from the server: NAME and AGE computed client-side', async () => {
    const created = new Date(Date.now() - 3 * 3600 * 1000 - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    server.json('GET', '/apis/example.com/v1/namespaces/default/widgets', {
      apiVersion: 'example.com/v1',
      kind: 'WidgetList',
      metadata: {},
      items: [{ metadata: { name: 'w1', creationTimestamp: created } }],
    });
    expect((await ktl('get', 'widgets')).stdout).toBe('NAME   AGE\nw1     3h1m\n');
  });

  test('--sort-by asks for full objects, unpaged, and sorts rows', async () => {
    const full = (name: string, n: number) => ({ cells: [name, '1/1', 'Running', '5m', ''], object: { metadata: { name, namespace: 'default' }, spec: { n } } });
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [full('a', 3), full('b', 1), full('c', 2)]));
    const r = await ktl('get', 'pods', '--sort-by', '.spec.n', '--no-headers');
    expect(r.stdout).toBe('b     1/1   Running   5m\nc     1/1   Running   5m\na     1/1   Running   5m\n');
    expect(server.requestsTo('/api/v1/namespaces/default/pods')[0]!.url).toBe('/api/v1/namespaces/default/pods?includeObject=Object');
  });
});

describe('get --sort-by: kubectl\'s sorters', () => {
  const cm = (i: number) => {
    const name = `c${String(i).padStart(2, '0')}`;
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: { grp: String(i % 2) } } };
  };

  test('objects (-o name) go through Go\'s sort.Sort, not a stable sort: equal keys land where kubectl puts them', async () => {
    const items = Array.from({ length: 15 }, (_, i) => cm(i + 1));
    server.json('GET', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMapList', metadata: {}, items });
    const r = await ktl('get', 'cm', '--sort-by=.metadata.labels.grp', '-o', 'name');
    const order = 'c10 c08 c14 c04 c12 c06 c02 c05 c07 c01 c11 c09 c13 c03 c15';
    expect(r).toEqual({ code: 0, stderr: '', stdout: order.split(' ').map((n) => `configmap/${n}\n`).join('') });
  });

  test('an unclosed {: the table prints no row (kubectl ignores its sorting printer\'s error), "No resources found"; several tables or objects: the path error', async () => {
    const full = (name: string) => ({ cells: [name, '1/1', 'Running', '5m', ''], object: { metadata: { name, namespace: 'default' } } });
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, [full('a'), full('b')]));
    expect(await ktl('get', 'pods', '--sort-by={.metadata.name')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    server.json('GET', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMapList', metadata: {}, items: [cm(1), cm(2)] });
    expect(await ktl('get', 'cm', '--sort-by={.metadata.name', '-o', 'name')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
    });
  });

  test('values kubectl cannot compare (a map; an int64 against a float64) end it with klog\'s fatal line from its sorter, exit 1', async () => {
    const ratio = (name: string, r: number) => ({ metadata: { name, namespace: 'default', labels: { a: name } }, spec: { ratio: r } });
    const rows = [ratio('a', 2), ratio('b', 2.5), ratio('c', 1)];
    server.json('GET', '/api/v1/namespaces/default/pods', table(podCols, rows.map((o) => ({ cells: [o.metadata.name, '1/1', 'Running', '5m', ''], object: o }))));
    const widgets = (items: unknown[]) => ({ body: { apiVersion: 'example.com/v1', kind: 'WidgetList', metadata: {}, items } });
    server.on('GET', '/apis/example.com/v1/namespaces/default/widgets', widgets(rows), widgets([ratio('a', 2), ratio('c', 1)]));
    const klogLine = (file: string) => new RegExp(`^F\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ ${file}\\] `);
    const table1 = await ktl('get', 'pods', '--sort-by=.spec.ratio');
    expect(table1.code).toBe(1);
    expect(table1.stdout).toBe('');
    expect(table1.stderr).toMatch(klogLine('sorter\\.go:375'));
    expect(table1.stderr.replace(klogLine('sorter\\.go:375'), '')).toBe(
      'Field {.spec.ratio} in [][][]reflect.Value is an unsortable type: interface, err: unsortable interface: interface\n',
    );
    const names = await ktl('get', 'widgets', '--sort-by=.metadata.labels', '-o', 'name');
    expect(names.code).toBe(1);
    expect(names.stdout).toBe('');
    expect(names.stderr.replace(klogLine('sorter\\.go:329'), '')).toBe(
      'Field {.metadata.labels} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: map[string]interface {}\n',
    );
    // integers alone sort
    expect((await ktl('get', 'widgets', '--sort-by=.spec.ratio', '-o', 'name')).stdout).toBe('widget.example.com/c\nwidget.example.com/a\n');
  });
});

describe('get: other output formats', () => {
  const pod = (name: string) => ({ metadata: { name, namespace: 'default', managedFields: [{ manager: 'x' }] }, spec: {} });
  test('-o json: a v1 List for lists (item kinds filled in, managedFields dropped), the object for one name', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '9' }, items: [pod('a')] });
    server.json('GET', '/api/v1/namespaces/default/pods/a', { apiVersion: 'v1', kind: 'Pod', ...pod('a') });
    const list = await ktl('get', 'pods', '-o', 'json');
    expect(list.stdout).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "kind": "Pod",\n            "metadata": {\n                "name": "a",\n                "namespace": "default"\n            },\n            "spec": {}\n        }\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
    expect(server.requestsTo('/api/v1/namespaces/default/pods')[0]!.headers.accept).toBe('application/json, */*');
    const one = await ktl('get', 'pod', 'a', '-o', 'yaml');
    expect(one.stdout).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: default\nspec: {}\n');
  });

  test('-o name, jsonpath over the List, unknown -o', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [pod('a'), pod('b')] });
    expect((await ktl('get', 'pods', '-o', 'name')).stdout).toBe('pod/a\npod/b\n');
    expect((await ktl('get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}')).stdout).toBe('a b');
    const bad = await ktl('get', 'pods', '-o', 'bogus');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,/);
  });

  test('-o JSON / Name: json, yaml and name are matched in any case (cli-runtime lowercases them), wide and templates are not', async () => {
    server.json('GET', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [pod('a')] });
    expect(await ktl('get', 'pods', '-o', 'Name')).toEqual({ code: 0, stdout: 'pod/a\n', stderr: '' });
    expect((await ktl('get', 'pods', '-o', 'JSON')).stdout).toBe((await ktl('get', 'pods', '-o', 'json')).stdout);
    const wide = await ktl('get', 'pods', '-o', 'WIDE');
    expect(wide.code).toBe(1);
    expect(wide.stderr).toMatch(/^error: unable to match a printer suitable for the output format "WIDE", allowed formats are: custom-columns,/);
    expect((await ktl('get', 'pods', '-o', 'name=x')).stderr).toMatch(/^error: unable to match a printer suitable for the output format "name=x"/);
  });

  test('-f with -l: the selector filters what was fetched (a server Table has no labels), not the file\'s labels', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(cache, 'objs.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
    const labelled = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default', labels: { app: 'web' } } });
    server.on('GET', '/api/v1/namespaces/default/pods/a', (req) => ({ body: req.headers.accept === TABLE_ACCEPT ? table(podCols, [podRow('a')]) : labelled('Pod', 'a') }));
    server.on('GET', '/api/v1/namespaces/default/services/s', (req) => ({
      body: req.headers.accept === TABLE_ACCEPT ? table(svcCols, [{ cells: ['s', 'ClusterIP', '1d'], object: meta('s', 'default') }]) : labelled('Service', 's'),
    }));
    const file = path.join(cache, 'objs.yaml');
    expect(await ktl('get', '-f', file, '-l', 'app=web')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(await ktl('get', '-f', file, '-l', 'app=web', '-o', 'name')).toEqual({ code: 0, stdout: 'pod/a\nservice/s\n', stderr: '' });
    expect(await ktl('get', '-f', file, '-l', 'app=db', '-o', 'name')).toEqual({ code: 0, stdout: '', stderr: '' });
    // a selector that no labels at all satisfy keeps the tables
    expect((await ktl('get', '-f', file, '-l', 'app!=db')).stdout).toBe(
      'NAME    READY   STATUS    AGE\npod/a   1/1     Running   5m\n\nNAME        TYPE        AGE\nservice/s   ClusterIP   1d\n',
    );
  });

  test('usage errors', async () => {
    expect(await ktl('get')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'You must specify the type of resource to get. Use "ktl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "ktl explain <resource>" for a detailed description of that resource (e.g. ktl explain pods).\n' +
        "See 'ktl get -h' for help and examples\n",
    });
    expect(await ktl('get', 'foo')).toEqual({ code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n' });
    expect((await ktl('get', 'pods', '--output-watch-events')).stderr).toBe(
      'error: --output-watch-events option can only be used with --watch or --watch-only\n',
    );
  });
});

/** A watch handler that streams the given events, then ends or drops the connection. */
function stream(events: unknown[], end: 'close' | 'drop' | 'hang' = 'close') {
  return (_req: RecordedRequest, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    for (const e of events) res.write(JSON.stringify(e) + '\n');
    if (end === 'close') res.end();
    else if (end === 'drop') setTimeout(() => res.socket?.destroy(), 20);
  };
}

describe('get --watch', () => {
  test('lists, then prints event rows without a header; resumes after a dropped stream from the last RV; relists on 410', async () => {
    let watches = 0;
    const watchRvs: string[] = [];
    server.on('GET', '/api/v1/namespaces/default/pods', (req, res) => {
      if (req.query.get('watch') !== 'true') {
        const first = server.requestsTo('/api/v1/namespaces/default/pods').filter((r) => r.query.get('watch') !== 'true').length === 1;
        return { body: table(podCols, first ? [podRow('web-1')] : [podRow('web-1'), podRow('relisted')], {}), headers: {} };
      }
      watchRvs.push(req.query.get('resourceVersion') ?? '');
      watches++;
      if (watches === 1) return void stream([{ type: 'ADDED', object: table(podCols, [podRow('new-pod-with-long-name', 'default', undefined, 'Pending', '101')]) }], 'drop')(req, res);
      if (watches === 2) return void stream([{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version' } }])(req, res);
      return void stream([{ type: 'DELETED', object: table([], [podRow('web-1', 'default', undefined, 'Terminating', '150')]) }])(req, res);
    });
    const r = await ktl('get', 'pods', '-w', '--output-watch-events');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'EVENT      NAME    READY   STATUS    AGE\n' +
        'ADDED      web-1   1/1     Running   5m\n' +
        'ADDED      new-pod-with-long-name   1/1     Pending   5m\n' +
        'ADDED      web-1                    1/1     Running   5m\n' +
        'ADDED      relisted                 1/1     Running   5m\n' +
        'DELETED    web-1                    1/1     Terminating   5m\n',
    );
    // list RV 100; resumed from 101 (the last event seen); after the 410 relist, from the new list's RV
    expect(watchRvs).toEqual(['100', '101', '100']);
    expect(server.requestsTo('/api/v1/namespaces/default/pods')[1]!.headers.accept).toBe(TABLE_ACCEPT);
  });

  test('--watch-only prints only events (with a header); -o json --output-watch-events prints one compact line per event', async () => {
    server.on('GET', '/api/v1/namespaces/default/pods', (req, res) => {
      if (req.query.get('watch') !== 'true') {
        return { body: req.headers.accept === TABLE_ACCEPT ? table(podCols, [podRow('old')]) : { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '7' }, items: [] } };
      }
      const obj = req.headers.accept === TABLE_ACCEPT ? table(podCols, [podRow('p')]) : { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '8' } };
      return void stream([{ type: 'MODIFIED', object: obj }])(req, res);
    });
    expect((await ktl('get', 'pods', '--watch-only')).stdout).toBe('NAME   READY   STATUS    AGE\np      1/1     Running   5m\n');
    expect((await ktl('get', 'pods', '--watch-only', '-o', 'json', '--output-watch-events')).stdout).toBe(
      '{"type":"MODIFIED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","resourceVersion":"8"}}}\n',
    );
  });

  test('only one resource type', async () => {
    expect((await ktl('get', 'pods,svc', '-w')).stderr).toBe('error: you may only specify a single resource type\n');
    // as typed, before the types are looked up (pods,pod are two; an unknown type is not reached)
    expect(await ktl('get', 'pods,pod', '-w')).toEqual({ code: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    expect(await ktl('get', 'pods,bogus', '-w')).toEqual({ code: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    // TYPE/NAME of two types: refused before any object is fetched
    expect(await ktl('get', 'pods/a', 'svc/nope', '-w')).toEqual({ code: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    expect(server.requestsTo('/api/v1/namespaces/default/services/nope')).toHaveLength(0);
  });

  test('-w over -f: several kinds are refused after the objects are fetched; several of one kind print, then are refused', async () => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    const cmJson = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    // a JSON stream: objects back to back, as kubectl reads them
    await writeFile(path.join(cache, 'mixed.json'), `${cmJson('a')}
{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}`);
    await writeFile(path.join(cache, 'two.json'), `${cmJson('a')}${cmJson('b')}`);
    await mkdir(path.join(cache, 'dir'));
    await writeFile(path.join(cache, 'dir', 'a.json'), cmJson('a'));
    await writeFile(path.join(cache, 'dir', 'b.json'), cmJson('b'));
    const obj = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default', resourceVersion: '5' } });
    server.on('GET', '/api/v1/namespaces/default/configmaps/a', () => ({ body: obj('ConfigMap', 'a') }));
    server.on('GET', '/api/v1/namespaces/default/configmaps/b', () => ({ body: obj('ConfigMap', 'b') }));
    server.on('GET', '/api/v1/namespaces/default/services/s', () => ({ body: obj('Service', 's') }));
    expect(await ktl('get', '-f', path.join(cache, 'mixed.json'), '--watch')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n',
    });
    expect(server.requestsTo('/api/v1/namespaces/default/services/s')).toHaveLength(1);
    expect(await ktl('get', '-f', path.join(cache, 'two.json'), '-w', '-o', 'name')).toEqual({
      code: 1,
      stdout: 'configmap/a\nconfigmap/b\n',
      stderr: 'error: watch is only supported on individual resources and resource collections - 2 resources were found\n',
    });
    // several sources (files of a directory, or names) cannot be watched together
    expect(await ktl('get', '-f', path.join(cache, 'dir'), '-w', '-o', 'name')).toEqual({
      code: 1,
      stdout: 'configmap/a\nconfigmap/b\n',
      stderr: 'error: you may only watch a single resource or type of resource at a time\n',
    });
    expect(await ktl('get', 'cm', 'a', 'b', '-w', '-o', 'name')).toEqual({
      code: 1,
      stdout: 'configmap/a\nconfigmap/b\n',
      stderr: 'error: you may only watch a single resource or type of resource at a time\n',
    });
    expect(server.requests.filter((r) => r.query.get('watch') === 'true')).toHaveLength(0);
  });

  test('events as the server cuts them: several in one write, one over many writes (inside a character too), CRLF; rows with managed fields print as without', async () => {
    const managedFields = [{ manager: 'kubectl "]} [{', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'k:{"x":"]"}': {} } } } }];
    const row = (name: string, ns: string, rv: string, labels: Record<string, string>) => {
      const r = podRow(name, ns, labels, 'Running', rv);
      return { ...r, object: { ...r.object, metadata: { ...r.object.metadata, managedFields } } };
    };
    const ev = (type: string, name: string, ns: string, rv: string, labels: Record<string, string> = {}) => JSON.stringify({ type, object: table([], [row(name, ns, rv, labels)]) });
    const watchRvs: string[] = [];
    server.on('GET', '/api/v1/pods', (req, res) => {
      if (req.query.get('watch') !== 'true') return { body: table(podCols, [row('old', 'ns-a', '1', { app: 'é' })]) };
      watchRvs.push(req.query.get('resourceVersion') ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      if (watchRvs.length > 1) return void res.end();
      res.write(`${ev('ADDED', 'a', 'ns-a', '201')}\n${ev('MODIFIED', 'b', 'ns-b', '202', { tier: 'x' })}\r\n${ev('DELETED', 'a', 'ns-a', '203')}\n`);
      // one event a few bytes at a time, cut inside the two-byte é of its label
      const bytes = Buffer.from(`${ev('ADDED', 'c', 'ns-c', '204', { app: 'é' })}\n`);
      const write = (at: number) => {
        if (at >= bytes.length) return void setTimeout(() => res.socket?.destroy(), 20);
        res.write(bytes.subarray(at, at + 7));
        setTimeout(() => write(at + 7), 1);
      };
      write(0);
    });
    const r = await ktl('get', 'pods', '-A', '-w', '--show-labels', '--output-watch-events');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'EVENT      NAMESPACE   NAME   READY   STATUS    AGE   LABELS\n' +
        'ADDED      ns-a        old    1/1     Running   5m    app=é\n' +
        'ADDED      ns-a        a      1/1     Running   5m    <none>\n' +
        'MODIFIED   ns-b        b      1/1     Running   5m    tier=x\n' +
        'DELETED    ns-a        a      1/1     Running   5m    <none>\n' +
        'ADDED      ns-c        c      1/1     Running   5m    app=é\n',
    );
    // resumed after the dropped stream from the last row's resourceVersion
    expect(watchRvs).toEqual(['100', '204']);
  });
});
