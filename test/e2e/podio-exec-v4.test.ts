/**
 * exec over `v4.channel.k8s.io`, ktl and kubectl 1.33 side by side, on the
 * local cluster. The API server speaks v5 itself (it translates v5 for the
 * kubelet); a request that does not offer v5 is proxied as it is to the
 * kubelet, kwok here, whose streaming server (cri-streaming, as a kubelet's)
 * speaks v4 and older. A small proxy in front of the API server takes v5 out
 * of the offered subprotocols, so each client meets a server that refuses v5
 * and falls back as it would with an older server: ktl to v4 over
 * WebSocket, kubectl 1.33 (whose WebSocket offer is v5 alone) to SPDY,
 * where it negotiates v4 too. What the user sees must be the same.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import yaml from 'js-yaml';
import { ktl, kubeconfigPath, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { createPods, givePodWorkDir, removePodFiles, withoutStreamNotice } from './kubelet-env.js';

const NS = uniqueNamespace('podio-v4');

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

interface V4Proxy {
  kubeconfig: string;
  /** for each upgrade: the Upgrade asked for and the subprotocol the server chose ("websocket v4.channel.k8s.io") */
  chosen: string[];
  close(): Promise<void>;
}

/** A plain-HTTP proxy to the API server with the admin's credentials; upgrades go out without v5. */
async function startV4Proxy(dir: string): Promise<V4Proxy> {
  const kc = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const api = new URL(kc.clusters[0]!.cluster.server);
  const creds = {
    ca: Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
    cert: Buffer.from(kc.users[0]!.user['client-certificate-data'], 'base64'),
    key: Buffer.from(kc.users[0]!.user['client-key-data'], 'base64'),
  };
  const chosen: string[] = [];
  const upgraded = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const out = https.request(
      { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: { ...req.headers, host: api.host }, ...creds },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('upgrade', (req: http.IncomingMessage, client: import('node:net').Socket, head: Buffer) => {
    upgraded.add(client);
    client.once('close', () => upgraded.delete(client));
    const up = tls.connect({ host: api.hostname, port: Number(api.port), servername: api.hostname === '127.0.0.1' ? undefined : api.hostname, ...creds }, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const [name, value] = [req.rawHeaders[i]!, req.rawHeaders[i + 1]!];
        if (name.toLowerCase() === 'host') lines.push(`Host: ${api.host}`);
        else if (name.toLowerCase() === 'sec-websocket-protocol') {
          const offered = value.split(',').map((p) => p.trim()).filter((p) => p !== 'v5.channel.k8s.io');
          lines.push(`${name}: ${offered.join(', ')}`);
        } else lines.push(`${name}: ${value}`);
      }
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) up.write(head);
      let answerHead = '';
      const onAnswer = (d: Buffer) => {
        answerHead += d.toString('latin1');
        const ws = /\r\nsec-websocket-protocol: *([^\r]*)/i.exec(answerHead);
        const spdy = /\r\nx-stream-protocol-version: *([^\r]*)/i.exec(answerHead);
        if (answerHead.includes('\r\n\r\n')) {
          chosen.push(`${req.headers.upgrade} ${(ws ?? spdy)?.[1] ?? ''}`.trim());
          up.off('data', onAnswer);
        }
      };
      up.on('data', onAnswer);
      up.pipe(client);
      client.pipe(up);
    });
    const end = () => {
      up.destroy();
      client.destroy();
    };
    up.on('error', end);
    client.on('error', end);
    up.on('close', () => client.end());
    client.on('close', () => up.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    kubeconfig,
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'v4', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'v4', user: {} }],
      contexts: [{ name: 'v4', context: { cluster: 'v4', user: 'v4', namespace: NS } }],
      'current-context': 'v4',
    }),
    { mode: 0o600 },
  );
  return {
    kubeconfig,
    chosen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const c of upgraded) c.destroy();
        server.close(() => resolve());
      }),
  };
}

let proxy: V4Proxy;
let dir: string;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { box: {} });
  await givePodWorkDir(NS, 'box');
  dir = mkdtempSync(path.join(os.tmpdir(), 'ktl-v4-'));
  proxy = await startV4Proxy(dir);
});
afterAll(async () => {
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
});

describe('exec when the server refuses v5 (v4.channel.k8s.io)', () => {
  test.each([
    [['--', 'sh', '-c', 'echo out; echo err >&2']],
    [['--', 'true']],
    [['--', 'sh', '-c', 'echo forty-two >&2; exit 42']],
    [['--', 'sh', '-c', 'exit 1']],
    [['-c', 'nope', '--', 'true']],
  ])('exec box %j: the same streams and exit code (ktl: WebSocket v4; kubectl: SPDY, v4)', async (...args) => {
    const full = ['exec', 'box', ...args[0]];
    const before = proxy.chosen.length;
    const env = { KUBECONFIG: proxy.kubeconfig };
    // one after the other: the proxy's record is in order
    const mine = await ktl(full, { env });
    const theirs: ProcResult = await kubectl(full, { env });
    expect(mine).toEqual({ ...theirs, stderr: withoutStreamNotice(theirs.stderr) });
    // ktl falls back to v4 over WebSocket; kubectl 1.33 offers only v5 over
    // WebSocket, gets no subprotocol, and falls back to SPDY, where it too
    // ends up with v4
    if (!args[0].includes('nope')) {
      expect(proxy.chosen.slice(before)).toEqual(['websocket v4.channel.k8s.io', 'websocket', 'SPDY/3.1 v4.channel.k8s.io']);
    }
  });

  test('-i: stdin reaches the command (v4 cannot say that stdin ended: the command stops reading by itself)', async () => {
    const full = ['exec', '-i', 'box', '--', 'head', '-c', '11'];
    const env = { KUBECONFIG: proxy.kubeconfig };
    const input = 'hello world and more';
    const mine = await ktl(full, { env, input });
    const theirs = await kubectl(full, { env, input });
    expect(mine).toEqual({ ...theirs, stderr: withoutStreamNotice(theirs.stderr) });
    expect(mine).toEqual({ code: 0, stdout: 'hello world', stderr: '' });
  });
});
