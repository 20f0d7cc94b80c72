/**
 * ktl cluster-info dump against the fake API server: what is listed and in
 * which order (one unpaged GET each, no discovery), the lists as kubectl's
 * typed clients print them, each pod's container logs between START/END
 * lines (a log that cannot be read written in their place), the
 * --output-directory layout, and kubectl 1.33's texts for the failures.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { statusBody, useFakeServer } from '../fake-server.js';

const env = useFakeServer('ktl-cluster-info-dump-');
const ktl = (...args: string[]) => runKtl(['--server', env.server.url, ...args], { cwd: env.dir });

/** Go's json.MarshalIndent with kubectl's 4 spaces, for values without < > & (what kubectl's JSON printer writes). */
const json4 = (v: unknown) => `${JSON.stringify(v, null, 4)}\n`;

const NODE = {
  metadata: {
    name: 'n1',
    uid: 'u-n1',
    resourceVersion: '5',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { type: 'kwok' },
    managedFields: [{ manager: 'kubelet', operation: 'Update' }],
  },
  spec: {},
  status: { phase: 'Running' },
};

const list = (kind: string, apiVersion: string, items: unknown[]) => ({ kind, apiVersion, metadata: { resourceVersion: '100' }, items });

/** The seven lists of one namespace, in kubectl's order, with their paths. */
function namespaceLists(ns: string) {
  const core = ns ? `/api/v1/namespaces/${ns}` : '/api/v1';
  const apps = ns ? `/apis/apps/v1/namespaces/${ns}` : '/apis/apps/v1';
  return [
    { path: `${core}/events`, kind: 'EventList', apiVersion: 'v1', file: 'events' },
    { path: `${core}/replicationcontrollers`, kind: 'ReplicationControllerList', apiVersion: 'v1', file: 'replication-controllers' },
    { path: `${core}/services`, kind: 'ServiceList', apiVersion: 'v1', file: 'services' },
    { path: `${apps}/daemonsets`, kind: 'DaemonSetList', apiVersion: 'apps/v1', file: 'daemonsets' },
    { path: `${apps}/deployments`, kind: 'DeploymentList', apiVersion: 'apps/v1', file: 'deployments' },
    { path: `${apps}/replicasets`, kind: 'ReplicaSetList', apiVersion: 'apps/v1', file: 'replicasets' },
    { path: `${core}/pods`, kind: 'PodList', apiVersion: 'v1', file: 'pods' },
  ];
}

/** Serves a namespace's lists: `items` by file name, empty otherwise. */
function serveNamespace(ns: string, items: Record<string, unknown[]> = {}) {
  for (const l of namespaceLists(ns)) env.server.json('GET', l.path, list(l.kind, l.apiVersion, items[l.file] ?? []));
}

function serveNodes() {
  env.server.json('GET', '/api/v1/nodes', list('NodeList', 'v1', [NODE]));
}

/** An empty list as kubectl prints it: a nil slice is `null`. */
const emptyList = (kind: string, apiVersion: string) => json4({ kind, apiVersion, metadata: { resourceVersion: '100' }, items: null });

const NODES_OUT = json4({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: [{ ...NODE, metadata: { ...NODE.metadata, managedFields: undefined } }] });

/** Every request the fake server saw, as "PATH?QUERY". */
const requested = () => env.server.requests.map((r) => r.url);

beforeEach(() => env.server.clearRequests());

describe('cluster-info dump to stdout', () => {
  test("nodes, then the namespace's lists in kubectl's order, as its typed clients print them, then each pod's container logs", async () => {
    serveNodes();
    const rc = {
      metadata: { name: 'rc1', namespace: 'web', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { replicas: 0, selector: { app: 'rc1' }, template: { metadata: { labels: { app: 'rc1' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      status: { replicas: 0 },
    };
    const deployment = {
      metadata: { name: 'd1', namespace: 'web', resourceVersion: '8', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'd1' } },
      spec: { replicas: 1, template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      status: {},
    };
    const pod = {
      metadata: { name: 'web-1', namespace: 'web', uid: 'u1', resourceVersion: '9', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: {
        volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { metadata: {}, spec: { accessModes: ['ReadWriteOnce'] } } } }],
        initContainers: [{ name: 'init', image: 'x' }],
        containers: [
          { name: 'app', image: 'x' },
          { name: 'side', image: 'x' },
        ],
      },
      status: { phase: 'Running' },
    };
    const gone = {
      metadata: { name: 'gone', namespace: 'web', uid: 'u2', resourceVersion: '10', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'app', image: 'x' }] },
      status: { phase: 'Running' },
    };
    serveNamespace('web', { 'replication-controllers': [rc], deployments: [deployment], pods: [pod, gone] });
    env.server.on('GET', '/api/v1/namespaces/web/pods/web-1/log', (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${req.query.get('container')} line 1\n${req.query.get('container')} line 2\n`);
    });
    env.server.on('GET', '/api/v1/namespaces/web/pods/gone/log', { status: 404, body: statusBody(404, 'NotFound', 'pods "gone" not found') });

    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web');
    const typedRc = {
      ...rc,
      spec: { ...rc.spec, template: { ...rc.spec.template, metadata: { creationTimestamp: null, labels: { app: 'rc1' } } } },
    };
    const typedDeployment = { ...deployment, spec: { ...deployment.spec, template: { ...deployment.spec.template, metadata: { creationTimestamp: null } } } };
    const typedPod = {
      ...pod,
      spec: { ...pod.spec, volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { metadata: { creationTimestamp: null }, spec: { accessModes: ['ReadWriteOnce'] } } } }] },
    };
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        NODES_OUT +
        emptyList('EventList', 'v1') +
        json4({ kind: 'ReplicationControllerList', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: [typedRc] }) +
        emptyList('ServiceList', 'v1') +
        emptyList('DaemonSetList', 'apps/v1') +
        json4({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '100' }, items: [typedDeployment] }) +
        emptyList('ReplicaSetList', 'apps/v1') +
        json4({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: [typedPod, gone] }) +
        '==== START logs for container init of pod web/web-1 ====\ninit line 1\ninit line 2\n==== END logs for container init of pod web/web-1 ====\n' +
        '==== START logs for container app of pod web/web-1 ====\napp line 1\napp line 2\n==== END logs for container app of pod web/web-1 ====\n' +
        '==== START logs for container side of pod web/web-1 ====\nside line 1\nside line 2\n==== END logs for container side of pod web/web-1 ====\n' +
        // kubectl reads logs raw: an error answer is named by its code, its Status never read
        '==== START logs for container app of pod web/gone ====\nRequest log error: the server could not find the requested resource (get pods gone)\n==== END logs for container app of pod web/gone ====\n',
    });
    // typed clients: one unpaged GET per list, no discovery; each log asked for by container
    expect(requested()).toEqual([
      '/api/v1/nodes',
      ...namespaceLists('web').map((l) => l.path),
      '/api/v1/namespaces/web/pods/web-1/log?container=init',
      '/api/v1/namespaces/web/pods/web-1/log?container=app',
      '/api/v1/namespaces/web/pods/web-1/log?container=side',
      '/api/v1/namespaces/web/pods/gone/log?container=app',
    ]);
  });

  test('a log the server refuses without a Status: client-go\'s words for it, and the dump goes on', async () => {
    serveNodes();
    const pod = (name: string) => ({ metadata: { name, namespace: 'web', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [{ name: 'app', image: 'x' }] } });
    serveNamespace('web', { pods: [pod('a'), pod('b')] });
    env.server.on('GET', '/api/v1/namespaces/web/pods/a/log', { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'kubelet is down' });
    env.server.on('GET', '/api/v1/namespaces/web/pods/b/log', { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'b works\n' });
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '-o', 'jsonpath={.kind}{"\\n"}');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'NodeList\nEventList\nReplicationControllerList\nServiceList\nDaemonSetList\nDeploymentList\nReplicaSetList\nPodList\n' +
        '==== START logs for container app of pod web/a ====\n' +
        'Request log error: an error on the server ("kubelet is down") has prevented the request from succeeding (get pods a)\n' +
        '==== END logs for container app of pod web/a ====\n' +
        '==== START logs for container app of pod web/b ====\nb works\n==== END logs for container app of pod web/b ====\n',
    });
  });

  test('without --namespaces: kube-system, then -n or the context namespace', async () => {
    serveNodes();
    serveNamespace('kube-system');
    serveNamespace('team');
    serveNamespace('default');
    const r = await ktl('cluster-info', 'dump', '-n', 'team', '-o', 'jsonpath={.kind} ');
    expect(r.code).toBe(0);
    expect(requested()).toEqual(['/api/v1/nodes', ...namespaceLists('kube-system').map((l) => l.path), ...namespaceLists('team').map((l) => l.path)]);
    env.server.clearRequests();
    expect((await ktl('cluster-info', 'dump', '-o', 'jsonpath={.kind} ')).code).toBe(0);
    expect(requested()).toEqual(['/api/v1/nodes', ...namespaceLists('kube-system').map((l) => l.path), ...namespaceLists('default').map((l) => l.path)]);
  });

  test('-A dumps every namespace the server lists (--namespaces ignored); an empty name in --namespaces lists across all namespaces', async () => {
    serveNodes();
    env.server.json('GET', '/api/v1/namespaces', list('NamespaceList', 'v1', [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }]));
    serveNamespace('a');
    serveNamespace('b');
    serveNamespace('');
    expect((await ktl('cluster-info', 'dump', '-A', '--namespaces', 'zzz', '-o', 'jsonpath={.kind} ')).code).toBe(0);
    expect(requested()).toEqual(['/api/v1/nodes', '/api/v1/namespaces', ...namespaceLists('a').map((l) => l.path), ...namespaceLists('b').map((l) => l.path)]);
    env.server.clearRequests();
    expect((await ktl('cluster-info', 'dump', '--namespaces', ',b', '-o', 'jsonpath={.kind} ')).code).toBe(0);
    expect(requested()).toEqual(['/api/v1/nodes', ...namespaceLists('').map((l) => l.path), ...namespaceLists('b').map((l) => l.path)]);
  });

  test('-o yaml: one document per list, separated by ---', async () => {
    serveNodes();
    serveNamespace('web');
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '-o', 'yaml');
    expect(r.code).toBe(0);
    const docs = r.stdout.split('---\n');
    expect(docs).toHaveLength(8);
    expect(docs[1]).toBe('apiVersion: v1\nitems: null\nkind: EventList\nmetadata:\n  resourceVersion: "100"\n');
    expect(docs[0]).toContain('kind: NodeList\n');
    expect(docs[0]).not.toContain('managedFields');
  });
});

describe('cluster-info dump --output-directory', () => {
  test('nodes.json, NS/LIST.json and NS/POD/logs.txt, then "Cluster info dumped to DIR" on stdout', async () => {
    serveNodes();
    const pod = { metadata: { name: 'p1', namespace: 'web', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [{ name: 'app', image: 'x' }] } };
    serveNamespace('web', { pods: [pod] });
    env.server.on('GET', '/api/v1/namespaces/web/pods/p1/log', { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'hello\n' });
    const out = path.join(env.dir, 'out-json');
    // relative to the working directory, and named as given
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '--output-directory', 'out-json/');
    expect(r).toEqual({ code: 0, stdout: 'Cluster info dumped to out-json/\n', stderr: '' });
    const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
    expect(files).toEqual([
      'nodes.json',
      'web',
      'web/daemonsets.json',
      'web/deployments.json',
      'web/events.json',
      'web/p1',
      'web/p1/logs.txt',
      'web/pods.json',
      'web/replicasets.json',
      'web/replication-controllers.json',
      'web/services.json',
    ]);
    expect(fs.readFileSync(path.join(out, 'nodes.json'), 'utf8')).toBe(NODES_OUT);
    expect(fs.readFileSync(path.join(out, 'web/events.json'), 'utf8')).toBe(emptyList('EventList', 'v1'));
    expect(fs.readFileSync(path.join(out, 'web/p1/logs.txt'), 'utf8')).toBe(
      '==== START logs for container app of pod web/p1 ====\nhello\n==== END logs for container app of pod web/p1 ====\n',
    );
  });

  test('-o yaml names the files .yaml and the --- count goes on across them; other formats write .txt; - is stdout', async () => {
    serveNodes();
    serveNamespace('web');
    expect((await ktl('cluster-info', 'dump', '--namespaces', 'web', '-o', 'yaml', '--output-directory', 'out-yaml')).code).toBe(0);
    expect(fs.readFileSync(path.join(env.dir, 'out-yaml/nodes.yaml'), 'utf8').startsWith('apiVersion: v1\n')).toBe(true);
    expect(fs.readFileSync(path.join(env.dir, 'out-yaml/web/events.yaml'), 'utf8').startsWith('---\napiVersion: v1\n')).toBe(true);
    expect((await ktl('cluster-info', 'dump', '--namespaces', 'web', '-o', 'jsonpath={.kind}', '--output-directory', 'out-txt')).code).toBe(0);
    expect(fs.readFileSync(path.join(env.dir, 'out-txt/web/pods.txt'), 'utf8')).toBe('PodList');
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '-o', 'jsonpath={.kind} ', '--output-directory', '-');
    expect(r).toEqual({ code: 0, stdout: 'NodeList EventList ReplicationControllerList ServiceList DaemonSetList DeploymentList ReplicaSetList PodList ', stderr: '' });
  });

  test('a folder that cannot be made: Go\'s mkdir error, after nothing was written', async () => {
    serveNodes();
    fs.writeFileSync(path.join(env.dir, 'plain-file'), '');
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '--output-directory', 'plain-file/sub');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: mkdir plain-file: not a directory\n' });
  });
});

describe('cluster-info dump failures', () => {
  test('a list the server refuses ends the dump there, with the Status', async () => {
    env.server.status('GET', '/api/v1/nodes', 403, 'Forbidden', 'nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(await ktl('cluster-info', 'dump')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (Forbidden): nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope\n',
    });
    env.server.reset();
    serveNodes();
    // the first route for a path answers: the refusal before the namespace's lists
    env.server.status('GET', '/api/v1/namespaces/web/services', 403, 'Forbidden', 'services is forbidden: User "viewer" cannot list resource "services" in API group "" in the namespace "web"');
    serveNamespace('web');
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web,other', '-o', 'jsonpath={.kind} ');
    expect(r).toEqual({
      code: 1,
      stdout: 'NodeList EventList ReplicationControllerList ',
      stderr: 'Error from server (Forbidden): services is forbidden: User "viewer" cannot list resource "services" in API group "" in the namespace "web"\n',
    });
  });

  test('a namespace that cannot be a path: the nodes are printed, then kubectl\'s error; nothing is asked for it', async () => {
    serveNodes();
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'a/b');
    expect(r).toEqual({ code: 1, stdout: NODES_OUT, stderr: 'error: invalid namespace "a/b": [may not contain \'/\']\n' });
    expect(requested()).toEqual(['/api/v1/nodes']);
  });

  test('-o name (and an empty -o): the name printer takes no list', async () => {
    serveNodes();
    const want = { code: 1, stdout: '', stderr: 'error: list types are not supported by name printing: *v1.NodeList\n' };
    expect(await ktl('cluster-info', 'dump', '-o', 'name')).toEqual(want);
    expect(await ktl('cluster-info', 'dump', '--output=')).toEqual(want);
  });

  test('flag errors before any request: the printer, then --pod-running-timeout', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['-o', 'wide'],
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
      ],
      [['-o', 'jsonpath'], 'error: template format specified but no template given\n'],
      // parsed when the printer is made, as kubectl does
      [['-o', 'go-template={{.kind'], 'error: error parsing template {{.kind, template: output:1: unclosed action\n'],
      [['-o', 'jsonpath={.kind'], 'error: error parsing jsonpath {.kind, unclosed action\n'],
      [['--pod-running-timeout=0'], 'error: --pod-running-timeout must be higher than zero\n'],
      [['--pod-running-timeout=x'], 'error: invalid argument "x" for "--pod-running-timeout" flag: time: invalid duration "x"\nSee \'ktl cluster-info dump --help\' for usage.\n'],
    ];
    for (const [args, stderr] of cases) {
      expect({ args, ...(await ktl('cluster-info', 'dump', ...args)) }).toEqual({ args, code: 1, stdout: '', stderr });
    }
    expect(requested()).toEqual([]);
  });

  test('--template alone means go-template, as kubectl keeps --template working without -o', async () => {
    serveNodes();
    serveNamespace('web');
    const r = await ktl('cluster-info', 'dump', '--namespaces', 'web', '--template', '{{.kind}} {{.items}}|');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('NodeList [map[metadata:')).toBe(true);
    expect(r.stdout.endsWith('|PodList <no value>|')).toBe(true);
  });

  test("a template that fails: kubectl's debugging dump shows the raw data in the typed list's own key order", async () => {
    serveNodes();
    const r = await ktl('cluster-info', 'dump', '-o', 'go-template={{.kind.x}}');
    expect(r.code).toBe(1);
    const raw = r.stdout.split('\n').find((l) => l.startsWith('\t\t{"'));
    expect(raw).toBe(
      '\t\t{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"100"},"items":[{"metadata":{"name":"n1","uid":"u-n1","resourceVersion":"5","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"type":"kwok"},"managedFields":[{"manager":"kubelet","operation":"Update"}]},"spec":{},"status":{"phase":"Running"}}]}',
    );
  });
});
