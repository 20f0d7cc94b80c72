/**
 * Inputs that never end or are too big (issue 10): `-f /dev/zero`, an
 * endless stdin, `--kubeconfig /dev/zero` end with one line (kubectl has no
 * cap: it grows until the kernel kills it); `-f URL` failures are reported
 * in Go's connection texts, as kubectl reports them (captured from 1.33).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { Readable } from 'node:stream';
import { run } from '../../../src/cli.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-input-limits-');
const ktl = (...args: string[]) => runKtl(['--server', fake.server.url, ...args], { env: { KUBECACHEDIR: fake.dir } });
const TOO_LARGE = 'is too large: ktl reads at most 64 MiB from one file, URL or stdin\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-url\n';

describe('inputs past 64 MiB end with one line, before anything is sent', () => {
  test.each([
    ['-f /dev/zero', ['apply', '-f', '/dev/zero'], `error: "/dev/zero" ${TOO_LARGE}`],
    ['patch --patch-file /dev/zero', ['patch', 'cm', 'x', '--patch-file', '/dev/zero'], `error: "/dev/zero" ${TOO_LARGE}`],
    ['create --raw -f /dev/zero', ['create', '--raw', '/api/v1/namespaces/default/configmaps', '-f', '/dev/zero'], `error: "/dev/zero" ${TOO_LARGE}`],
    ['--kubeconfig /dev/zero', ['--kubeconfig', '/dev/zero', 'get', 'cm'], `error: error loading config file "/dev/zero": "/dev/zero" ${TOO_LARGE}`],
  ])('%s', async (_what, args, stderr) => {
    fake.server.discovery();
    expect(await ktl(...args)).toEqual({ code: 1, stdout: '', stderr });
    expect(fake.server.requests.filter((r) => !/^\/(api|apis)(\/[^/]+){0,2}$|^\/openapi/.test(r.path))).toEqual([]);
  });

  test('an endless stdin (-f -)', async () => {
    fake.server.discovery();
    const { ctx, out, err } = fakeContext({ env: { KUBECACHEDIR: fake.dir } });
    const zeros = Buffer.alloc(1 << 20);
    ctx.io.in = Readable.from((function* () {
      for (;;) yield zeros;
    })());
    const code = await run(['node', 'ktl', '--server', fake.server.url, 'apply', '-f', '-'], ctx);
    expect({ code, stdout: out.text, stderr: err.text }).toEqual({ code: 1, stdout: '', stderr: `error: STDIN ${TOO_LARGE}` });
  });
});

describe('-f URL', () => {
  let web: http.Server;
  let raw: net.Server;
  let closed: number;
  let webUrl: string;
  let rawUrl: string;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    web = http.createServer((req, res) => {
      if (req.url === '/cm.yaml') return res.end(CM);
      if (req.url === '/moved') return res.writeHead(302, { Location: '/cm.yaml' }).end();
      if (req.url === '/zeros') {
        res.writeHead(200);
        const chunk = Buffer.alloc(1 << 20);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        res.on('close', () => res.removeAllListeners('drain'));
        return pump();
      }
      res.writeHead(404, 'Not Found').end('nope');
    });
    raw = net.createServer((s) => {
      sockets.add(s);
      s.once('data', () => s.end('SSH-2.0-OpenSSH_8.9p1\r\n'));
    });
    const port = (s: net.Server) => (s.address() as AddressInfo).port;
    await Promise.all([new Promise<void>((r) => web.listen(0, '127.0.0.1', r)), new Promise<void>((r) => raw.listen(0, '127.0.0.1', r))]);
    webUrl = `http://127.0.0.1:${port(web)}`;
    rawUrl = `http://127.0.0.1:${port(raw)}`;
    // a port nothing listens on: one that was just released
    const tmp = net.createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    closed = port(tmp);
    await new Promise<void>((r) => tmp.close(() => r()));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    web.closeAllConnections();
    await Promise.all([new Promise((r) => web.close(r)), new Promise((r) => raw.close(r))]);
  });

  test('a manifest is read, redirects followed', async () => {
    fake.server.discovery();
    for (const p of ['/cm.yaml', '/moved']) {
      expect(await ktl('create', '-f', `${webUrl}${p}`, '--dry-run=client', '-o', 'name')).toEqual({ code: 0, stdout: 'configmap/from-url\n', stderr: '' });
    }
  });
  test('a closed port: kubectl\'s "connection ... was refused", not fetch\'s "fetch failed"', async () => {
    fake.server.discovery();
    expect(await ktl('create', '-f', `http://127.0.0.1:${closed}/x.yaml`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `The connection to the server 127.0.0.1:${closed} was refused - did you specify the right host or port?\n`,
    });
  });
  test('a server that does not speak HTTP: Go\'s malformed HTTP response', async () => {
    fake.server.discovery();
    expect(await ktl('create', '-f', `${rawUrl}/x.yaml`)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Unable to connect to the server: net/http: HTTP/1.x transport connection broken: malformed HTTP response "SSH-2.0-OpenSSH_8.9p1"\n',
    });
  });
  test('a 404: cli-runtime\'s text', async () => {
    fake.server.discovery();
    expect(await ktl('create', '-f', `${webUrl}/missing.yaml`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: unable to read URL "${webUrl}/missing.yaml", server reported 404 Not Found, status code=404\n`,
    });
  });
  test('an endless body is capped', async () => {
    fake.server.discovery();
    expect(await ktl('create', '-f', `${webUrl}/zeros`)).toEqual({ code: 1, stdout: '', stderr: `error: "${webUrl}/zeros" ${TOO_LARGE}` });
  });
});
