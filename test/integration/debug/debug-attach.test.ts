/**
 * `ktl debug -i` / `--attach` against the fake API server: the wait for the
 * debugging container (list + watch of the pod by field selector, kubectl's
 * warnings for waiting messages, a deleted pod), the attach session to the
 * new container, and the fall-backs to the container's log (ended container,
 * refused attach) with kubectl's texts.
 */
import { describe, expect, test } from '@jest/globals';
import type http from 'node:http';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';

const env = useFakeServer('ktl-debug-attach-');
const NS = '/api/v1/namespaces/default';
const ktl = (args: string[], stdin = '') =>
  runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), 'debug', ...args], { cwd: env.dir, stdin });

const isWatch = (r: RecordedRequest) => r.query.get('watch') === 'true';
const frame = (ch: number, data: string) => Buffer.concat([Buffer.from([ch]), Buffer.from(data)]);
const success = JSON.stringify({ metadata: {}, status: 'Success' });

type State = { running?: object; waiting?: { reason: string; message?: string }; terminated?: object };

function pod(rv: string, eph?: { name: string; state?: State }) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'web', namespace: 'default', resourceVersion: rv },
    spec: {
      restartPolicy: 'Always',
      securityContext: {},
      containers: [{ name: 'app', image: 'nginx', resources: {}, terminationMessagePolicy: 'File' }],
      ...(eph ? { ephemeralContainers: [{ name: eph.name, image: 'busybox', stdin: true, resources: {}, terminationMessagePolicy: 'File' }] } : {}),
    },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', state: { running: {} } }],
      ...(eph?.state ? { ephemeralContainerStatuses: [{ name: eph.name, state: eph.state }] } : {}),
    },
  };
}

function stream(res: http.ServerResponse, events: unknown[]) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  for (const e of events) res.write(JSON.stringify(e) + '\n');
}

/** GET web, PATCH adds dbg; the list shows `listed`, the watch sends `events`. */
function serve(listed: State | undefined, events: unknown[]) {
  const s = env.server;
  s.discovery();
  s.json('GET', `${NS}/pods/web`, pod('1'));
  s.json('PATCH', `${NS}/pods/web/ephemeralcontainers`, pod('2', { name: 'dbg' }));
  s.on('GET', `${NS}/pods`, (req, res) => {
    if (!isWatch(req)) return { body: { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '3' }, items: [pod('3', { name: 'dbg', state: listed })] } };
    stream(res, events);
  });
}

function serveAttach(output: string) {
  const seen: RecordedRequest[] = [];
  env.server.websocket(`${NS}/pods/web/attach`, (ws: WebSocket, req) => {
    seen.push(req);
    ws.send(frame(1, output));
    ws.send(frame(3, success));
    ws.close();
  });
  return seen;
}

describe('debug -i / --attach', () => {
  test('waits for the ephemeral container (warnings for waiting messages), then attaches to it', async () => {
    serve({ waiting: { reason: 'ContainerCreating', message: 'pulling image "busybox"' } }, [
      { type: 'MODIFIED', object: pod('4', { name: 'dbg', state: { waiting: { reason: 'ContainerCreating' } } }) },
      { type: 'MODIFIED', object: pod('5', { name: 'dbg', state: { running: { startedAt: '2026-12-05T09:00:00Z' } } }) },
    ]);
    const seen = serveAttach('attached output\n');
    const r = await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '-i']);
    expect(r).toEqual({
      code: 0,
      stdout: 'attached output\n',
      stderr: 'Warning: container dbg: pulling image "busybox"\nIf you don\'t see a command prompt, try pressing enter.\n',
    });
    const lists = env.server.requestsTo(`${NS}/pods`);
    expect(lists.map((q) => q.query.get('fieldSelector'))).toEqual(['metadata.name=web', 'metadata.name=web']);
    expect(lists.filter(isWatch).map((q) => q.query.get('resourceVersion'))).toEqual(['3']);
    expect(seen.map((q) => q.url)).toEqual([`${NS}/pods/web/attach?container=dbg&stderr=true&stdin=true&stdout=true`]);
  });

  test('-q: no warnings, no prompt notice, no name notice', async () => {
    serve({ waiting: { reason: 'ContainerCreating', message: 'pulling' } }, [{ type: 'MODIFIED', object: pod('5', { name: 'dbg', state: { running: {} } }) }]);
    serveAttach('out\n');
    env.server.json('PATCH', `${NS}/pods/web/ephemeralcontainers`, pod('2', { name: 'dbg' }));
    expect(await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '-i', '-q'])).toEqual({ code: 0, stdout: 'out\n', stderr: '' });
  });

  test('a container that already ended: its log instead of attaching', async () => {
    serve({ terminated: { exitCode: 0 } }, []);
    env.server.on('GET', `${NS}/pods/web/log`, { body: 'the log\n', headers: { 'Content-Type': 'text/plain' } });
    const r = await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '--attach']);
    expect(r).toEqual({ code: 0, stdout: 'the log\n', stderr: '' });
    expect(env.server.requestsTo(`${NS}/pods/web/log`).map((q) => q.url)).toEqual([`${NS}/pods/web/log?container=dbg`]);
  });

  test("a refused attach: kubectl's warning, then the log", async () => {
    serve({ running: {} }, []);
    env.server.refuseUpgrade(`${NS}/pods/web/attach`, 403, 'Forbidden', 'pods "web" is forbidden: cannot attach');
    env.server.on('GET', `${NS}/pods/web/log`, { body: 'the log\n', headers: { 'Content-Type': 'text/plain' } });
    const r = await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '-i']);
    expect(r).toEqual({
      code: 0,
      stdout: 'the log\n',
      stderr:
        "If you don't see a command prompt, try pressing enter.\nwarning: couldn't attach to pod/web, falling back to streaming logs: pods \"web\" is forbidden: cannot attach\n",
    });
  });

  test("the pod deleted while waiting: kubectl's NotFound, exit 1", async () => {
    serve(undefined, [{ type: 'DELETED', object: pod('6', { name: 'dbg' }) }]);
    const r = await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '-i']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "" not found\n' });
  });

  test('without -i or --attach nothing waits; --attach=false with -i neither', async () => {
    serve(undefined, []);
    expect(await ktl(['web', '--image=busybox', '--profile=general', '-c', 'dbg', '-i', '--attach=false'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(env.server.requestsTo(`${NS}/pods`)).toEqual([]);
  });
});
