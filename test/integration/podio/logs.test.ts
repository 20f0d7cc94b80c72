/**
 * ktl logs against the fake API server: which pod and container kubectl
 * would read (annotation, defaulting notice, workloads, -l), the log query,
 * whole lines when several pods are followed, kubectl's texts for the
 * failure cases, Ctrl-C and a closed stdout.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import type http from 'node:http';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { run } from '../../../src/cli.js';
import type { Context } from '../../../src/context.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { statusBody, useFakeServer } from '../fake-server.js';

const env = useFakeServer('ktl-logs-');
const NS = '/api/v1/namespaces/default';
beforeEach(() => void env.server.discovery());
const ktl = (...args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

function pod(name: string, containers: string[], extra: { annotations?: Record<string, string>; labels?: Record<string, string>; init?: string[] } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations: extra.annotations, labels: extra.labels ?? { app: 'web' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      nodeName: 'n1',
      containers: containers.map((c) => ({ name: c, image: 'x' })),
      ...(extra.init ? { initContainers: extra.init.map((c) => ({ name: c, image: 'x' })) } : {}),
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' }] },
  };
}

function serveLog(name: string, text: string | ((res: http.ServerResponse) => void)) {
  env.server.on('GET', `${NS}/pods/${name}/log`, (_req, res) => {
    if (typeof text === 'function') return void text(res);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
  });
}

describe('logs of one pod', () => {
  test('a one-container pod: the log as sent, the container named in the query', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveLog('one', 'line 1\nline 2\n');
    expect(await ktl('logs', 'one')).toEqual({ code: 0, stdout: 'line 1\nline 2\n', stderr: '' });
    const q = env.server.requestsTo(`${NS}/pods/one/log`)[0]!.query;
    expect(q.toString()).toBe('container=app');
  });

  test("several containers: the first, with kubectl's notice on stderr", async () => {
    env.server.json('GET', `${NS}/pods/web`, pod('web', ['app', 'sidecar'], { init: ['setup'] }));
    serveLog('web', 'x\n');
    expect(await ktl('logs', 'web')).toEqual({ code: 0, stdout: 'x\n', stderr: 'Defaulted container "app" out of: app, sidecar, setup (init)\n' });
  });

  test('the default-container annotation picks the container silently; a wrong one is reported', async () => {
    env.server.json('GET', `${NS}/pods/web`, pod('web', ['app', 'sidecar'], { annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } }));
    serveLog('web', 'y\n');
    expect(await ktl('logs', 'web')).toEqual({ code: 0, stdout: 'y\n', stderr: '' });
    expect(env.server.requestsTo(`${NS}/pods/web/log`)[0]!.query.get('container')).toBe('sidecar');
    env.server.reset();
    env.server.discovery();
    env.server.json('GET', `${NS}/pods/web`, pod('web', ['app', 'sidecar'], { annotations: { 'kubectl.kubernetes.io/default-container': 'gone' } }));
    serveLog('web', 'z\n');
    expect((await ktl('logs', 'web')).stderr).toBe(
      'Default container name "gone" not found in pod web\nDefaulted container "app" out of: app, sidecar\n',
    );
  });

  test('every flag goes into the query as kubectl sends it', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveLog('one', '');
    const r = await ktl('logs', 'one', '-c', 'app', '-p', '--timestamps', '--since=90.6s', '--tail=3', '--limit-bytes=20', '--insecure-skip-tls-verify-backend');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(env.server.requestsTo(`${NS}/pods/one/log`)[0]!.query.toString()).toBe(
      'container=app&insecureSkipTLSVerifyBackend=true&limitBytes=20&previous=true&sinceSeconds=91&tailLines=3&timestamps=true',
    );
    env.server.clearRequests();
    await ktl('logs', 'one', '--since-time=2024-08-30T08:00:00.5+02:00', '-f');
    expect(env.server.requestsTo(`${NS}/pods/one/log`)[0]!.query.toString()).toBe('container=app&follow=true&sinceTime=2024-08-30T06%3A00%3A00Z');
  });

  test.each([
    [['logs'], "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'ktl logs -h' for help and examples\n"],
    [['logs', 'a', '-l', 'x=y'], "error: only a selector (-l) or a POD name is allowed\nSee 'ktl logs -h' for help and examples\n"],
    [['logs', 'a', 'b', 'c'], "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'ktl logs -h' for help and examples\n"],
    [['logs', 'one', '--pod-running-timeout=0s'], 'error: --pod-running-timeout must be higher than zero\n'],
    [['logs', 'one', '--since=1x'], 'error: invalid argument "1x" for "--since" flag: time: unknown unit "x" in duration "1x"\nSee \'ktl logs --help\' for usage.\n'],
    // Go's time.Parse texts: where the value stopped matching the layout, or which field is out of range
    [['logs', 'one', '--since-time=2020-01-01'], 'error: parsing time "2020-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"\n'],
    [['logs', 'one', '--since-time=2020-13-01T00:00:00Z'], 'error: parsing time "2020-13-01T00:00:00Z": month out of range\n'],
    [['logs', 'one', '--since-time=2020-01-01T00:00:00Zx'], 'error: parsing time "2020-01-01T00:00:00Zx": extra text: "x"\n'],
  ])('usage: %j', async (args, stderr) => {
    const r = await ktl(...args);
    expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(1);
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test.each([
    [['one', '-c', 'nope'], 'error: container nope is not valid for pod one\n'],
    [['one', 'app', '-c', 'app'], 'error: only one of -c or an inline [CONTAINER] arg is allowed\n'],
    [['one', '--all-containers', '-c', 'app'], 'error: --all-containers=true should not be specified with container name app\n'],
    [['one', '--since=1s', '--since-time=2024-01-01T00:00:00Z'], 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'],
    [['one', '--limit-bytes=-1'], 'error: --limit-bytes must be greater than 0\n'],
    [['one', '--tail=-2'], 'error: --tail must be greater than or equal to -1\n'],
    [['one', '--since=-5s'], 'error: --since must be greater than 0\n'],
  ])('refused after the pod is read: %j', async (args, stderr) => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    expect(await ktl('logs', ...args)).toEqual({ code: 1, stdout: '', stderr });
    expect(env.server.requestsTo(`${NS}/pods/one/log`)).toEqual([]);
  });

  test("a missing pod and the server's refusal of the log, in kubectl's words", async () => {
    env.server.status('GET', `${NS}/pods/gone`, 404, 'NotFound', 'pods "gone" not found', { name: 'gone', kind: 'pods' });
    expect(await ktl('logs', 'gone')).toEqual({ code: 1, stdout: '', stderr: 'error: error from server (NotFound): pods "gone" not found in namespace "default"\n' });
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    env.server.status('GET', `${NS}/pods/one/log`, 400, 'BadRequest', 'container "app" in pod "one" is waiting to start: ContainerCreating');
    expect(await ktl('logs', 'one')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (BadRequest): container "app" in pod "one" is waiting to start: ContainerCreating\n',
    });
  });

  test('a name that cannot be a path segment never reaches the server', async () => {
    const r = await ktl('logs', 'pod/..');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: invalid resource name "..": [may not be \'..\']\n' });
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test("an empty POD, and TYPE/NAME with two slashes: the builder's texts, no pod read", async () => {
    const none =
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";
    expect(await ktl('logs', '')).toEqual({ code: 1, stdout: '', stderr: none });
    expect(await ktl('logs', '', 'app')).toEqual({ code: 1, stdout: '', stderr: none });
    expect(await ktl('logs', 'pod/a/b')).toEqual({ code: 1, stdout: '', stderr: 'error: arguments in resource/name form may not have more than one slash\n' });
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });
});

describe('logs of several pods', () => {
  const list = (...items: object[]) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items });

  test('-l: every pod, 10 lines each unless --tail, with --prefix', async () => {
    env.server.json('GET', `${NS}/pods`, list(pod('a', ['app']), pod('b', ['app', 'side'])));
    serveLog('a', 'from a\n');
    serveLog('b', 'from b\nno newline');
    const r = await ktl('logs', '-l', 'app=web', '--prefix');
    expect(r).toEqual({
      code: 0,
      stdout: '[pod/a/app] from a\n[pod/b/app] from b\n[pod/b/app] no newline',
      stderr: 'Defaulted container "app" out of: app, side\n',
    });
    expect(env.server.requestsTo(`${NS}/pods`)[0]!.query.get('labelSelector')).toBe('app=web');
    expect(env.server.requestsTo(`${NS}/pods/a/log`)[0]!.query.get('tailLines')).toBe('10');
  });

  test("-l refused by the server: the builder's words in front of the server's", async () => {
    env.server.status('GET', `${NS}/pods`, 400, 'BadRequest', "found '=', expected: ',' or 'end of string'");
    expect(await ktl('logs', '-l', 'bad==sel=')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "bad==sel=", field selector "": found \'=\', expected: \',\' or \'end of string\'\n',
    });
  });

  test('-l matching nothing: kubectl\'s notice', async () => {
    env.server.json('GET', `${NS}/pods`, list());
    expect(await ktl('logs', '-l', 'app=none')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });

  test('a deployment: the pod kubectl picks, and its notice', async () => {
    env.server.json('GET', '/apis/apps/v1/namespaces/default/deployments/web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web', tier: 'x' } } },
    });
    const pending = { ...pod('p1', ['app']), status: { phase: 'Pending' } };
    env.server.json('GET', `${NS}/pods`, list(pending, pod('p2', ['app'])));
    serveLog('p2', 'p2 log\n');
    expect(await ktl('logs', 'deploy/web')).toEqual({ code: 0, stdout: 'p2 log\n', stderr: 'Found 2 pods, using pod/p2\n' });
    expect(env.server.requestsTo(`${NS}/pods`)[0]!.query.get('labelSelector')).toBe('app=web,tier=x');
  });

  test('--all-containers --prefix: init containers first, then the others', async () => {
    env.server.json('GET', `${NS}/pods/web`, pod('web', ['app', 'side'], { init: ['setup'] }));
    env.server.on('GET', `${NS}/pods/web/log`, (req, res) => {
      res.writeHead(200);
      res.end(`${req.query.get('container')} says hi\n`);
    });
    expect(await ktl('logs', 'web', '--all-containers', '--prefix')).toEqual({
      code: 0,
      stdout: '[pod/web/setup] setup says hi\n[pod/web/app] app says hi\n[pod/web/side] side says hi\n',
      stderr: '',
    });
  });

  test('-f over several pods: lines arrive whole even when the server splits them', async () => {
    env.server.json('GET', `${NS}/pods`, list(pod('a', ['app']), pod('b', ['app'])));
    const slow = (name: string) => (res: http.ServerResponse) => {
      res.writeHead(200);
      const parts = [`${name}-first `, `half\n${name}-second`, ` line\n`];
      let i = 0;
      const next = () => {
        if (i === parts.length) return void res.end();
        res.write(parts[i++]);
        setImmediate(next);
      };
      next();
    };
    serveLog('a', slow('a'));
    serveLog('b', slow('b'));
    const r = await ktl('logs', '-f', '-l', 'app=web', '--prefix');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', '[pod/a/app] a-first half', '[pod/a/app] a-second line', '[pod/b/app] b-first half', '[pod/b/app] b-second line']);
  });

  test('-f refuses more streams than --max-log-requests', async () => {
    env.server.json('GET', `${NS}/pods`, list(pod('a', ['app']), pod('b', ['app']), pod('c', ['app'])));
    expect(await ktl('logs', '-f', '-l', 'app=web', '--max-log-requests=2')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n',
    });
  });

  test('--ignore-errors: a failed stream is an error line on stdout, the others go on', async () => {
    env.server.json('GET', `${NS}/pods`, list(pod('a', ['app']), pod('b', ['app'])));
    env.server.on('GET', `${NS}/pods/a/log`, { status: 400, body: statusBody(400, 'BadRequest', 'container "app" in pod "a" is not available') });
    serveLog('b', 'b ok\n');
    expect(await ktl('logs', '-l', 'app=web', '--ignore-errors')).toEqual({
      code: 0,
      stdout: 'error: container "app" in pod "a" is not available\nb ok\n',
      stderr: '',
    });
  });
});

describe('ending a followed log', () => {
  function followForever(name: string) {
    serveLog(name, (res) => {
      res.writeHead(200);
      res.write('first\n');
    });
  }

  test('Ctrl-C ends it with exit code 1 and nothing printed (kubectl exits 1 on an interrupt)', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    followForever('one');
    const { ctx, out, err } = fakeContext();
    let interrupt: (() => void) | undefined;
    ctx.exitOnTermination = (h) => {
      interrupt = h;
      return () => undefined;
    };
    const written = new Promise<void>((resolve) => out.on('pipe', resolve));
    void written;
    const done = run(['node', 'ktl', '--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), 'logs', '-f', 'one'], ctx);
    while (!out.text.includes('first')) await new Promise((r) => setTimeout(r, 5));
    interrupt!();
    expect(await done).toBe(1);
    expect(out.text).toBe('first\n');
    expect(err.text).toBe('');
  });

  test('a closed stdout ends it quietly, with the status a shell reports for SIGPIPE', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    followForever('one');
    const closed = new Writable({
      write(_c, _e, cb) {
        const e = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        cb(e);
      },
    });
    const errText: string[] = [];
    const ctx: Context = {
      ...fakeContext().ctx,
      io: { in: new PassThrough(), out: closed, errOut: new Writable({ write: (c, _e, cb) => (errText.push(String(c)), cb()) }), isTTY: false, errIsTTY: false },
    };
    const code = await run(['node', 'ktl', '--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), 'logs', '-f', 'one'], ctx);
    expect(code).toBe(141);
    expect(errText.join('')).toBe('');
  });
});

describe('--request-timeout on a followed log', () => {
  test("the log read so far, then Go's client timeout: exit 1", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveLog('one', (res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('line 1\n');
      // and nothing more: the stream stays open
    });
    const started = Date.now();
    const r = await ktl('logs', 'one', '-f', '--request-timeout=1s');
    expect(r).toEqual({
      code: 1,
      stdout: 'line 1\n',
      stderr: 'error: net/http: request canceled (Client.Timeout or context cancellation while reading body)\n',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
