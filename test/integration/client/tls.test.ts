import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClients } from '../../../src/client/index.js';
import { PassThrough } from 'node:stream';
import { markStdinInUse } from '../../../src/context.js';
import { ConnectionError } from '../../../src/errors.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { makePki } from '../../helpers/pki.js';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { restConfig } from './helpers.js';

describe('TLS, credentials and -v logging', () => {
  let dir: string;
  let pki: { ca: string; key: string; cert: string };
  let server: FakeApiServer;
  const token = 'sekrit-token-value';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-tls-'));
    pki = await makePki(dir);
    server = await FakeApiServer.start({ tls: { key: await readFile(pki.key), cert: await readFile(pki.cert) } });
    server.discovery(standardResources());
    server.version('v1.34.4');
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '--token', token, ...args]);

  test('the CA verifies the server and the bearer token is sent', async () => {
    const r = await ktl('--certificate-authority', pki.ca, 'version');
    expect(r).toEqual({ code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.34.4\n', stderr: '' });
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Bearer ${token}`);
  });

  test('an unknown CA gives Go\'s x509 text', async () => {
    const r = await ktl('version');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority\n');
  });

  test('--insecure-skip-tls-verify connects; --tls-server-name is checked against the SANs', async () => {
    expect((await ktl('--insecure-skip-tls-verify', 'version')).code).toBe(0);
    const r = await ktl('--certificate-authority', pki.ca, '--tls-server-name', 'api.example.com', 'version');
    expect(r.stderr).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for localhost, not api.example.com\n');
    expect((await ktl('--certificate-authority', pki.ca, '--tls-server-name', 'localhost', 'version')).code).toBe(0);
  });

  test('-v=6 logs one line per request', async () => {
    const r = await ktl('--certificate-authority', pki.ca, '-v', '6', 'version');
    expect(r.stderr).toMatch(
      new RegExp(
        `^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ round_trippers\\.go:632\\] "Response" verb="GET" url="${server.url.replace(/\./g, '\\.')}/version\\?timeout=32s" status="200 OK" milliseconds=\\d+\\n$`,
      ),
    );
  });

  test('-v=7 adds request headers with the token masked, and the response status', async () => {
    const r = await ktl('--certificate-authority', pki.ca, '-v', '7', 'version');
    const body = r.stderr.replace(/^I\d{4} [\d:.]+ +\d+ /gm, '');
    expect(body).toMatch(
      /^round_trippers\.go:527\] "Request" verb="GET" url="https:\/\/127\.0\.0\.1:\d+\/version\?timeout=32s" headers=<\n\tAccept: application\/json, \*\/\*\n\tAuthorization: Bearer <masked>\n\tUser-Agent: ktl\/v1\.33\.1 \([a-z0-9]+\/[a-z0-9]+\) ktl\/v[\d.]+\n >\nround_trippers\.go:632\] "Response" status="200 OK" milliseconds=\d+\n$/,
    );
    expect(r.stderr).not.toContain(token);
  });

  test('-v=8 adds response headers and bodies truncated near 1 KiB; -v=9 a curl line', async () => {
    const r = await ktl('--certificate-authority', pki.ca, '-v', '8', 'api-resources');
    expect(r.stderr).not.toContain(token);
    expect(r.stderr).toContain('discovery_client.go:252] "Request Body" body=""\n');
    expect(r.stderr).toMatch(/round_trippers\.go:632\] "Response" status="200 OK" headers=<\n\tConnection: keep-alive\n\tContent-Length: \d+\n\tContent-Type: application\/json;g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList\n/);
    // the /api body is cut at 1024 characters: "[truncated <length - 1024> chars]"
    const length = Number(/Content-Length: (\d+)/.exec(r.stderr)![1]);
    expect(length).toBeGreaterThan(1024);
    expect(r.stderr).toMatch(/discovery_client\.go:252\] "Response Body" body="\{\\"kind\\":\\"APIGroupDiscoveryList\\".+ \[truncated \d+ chars\]"\n/);
    expect(r.stderr).toContain(` [truncated ${length - 1024} chars]"\n`);
    expect(r.stdout.split('\n')[0]).toBe('NAME                       SHORTNAMES   APIVERSION                     NAMESPACED   KIND');

    const v9 = await ktl('--certificate-authority', pki.ca, '-v', '9', 'version');
    expect(v9.stderr).toContain(
      `"Request" curlCommand=<\n\tcurl -v -XGET  -H "Accept: application/json, */*" -H "User-Agent: ${'ktl/v1.33.1'}`,
    );
    expect(v9.stderr).toContain(`-H "Authorization: Bearer <masked>" '${server.url}/version?timeout=32s'\n >\n`);
    expect(v9.stderr).not.toContain(token);
  });

  test('basic auth is masked too', async () => {
    const { ctx, err } = fakeContext();
    const c2 = createClients(ctx, restConfig(server.url, path.join(dir, 'cache'), {
      cluster: { server: server.url, 'certificate-authority': pki.ca },
      user: { username: 'admin', password: 'hunter2' },
      verbosity: 7,
    }));
    await c2.rest.getJson('/version');
    c2.close();
    expect(err.text).toContain('\tAuthorization: Basic <masked>\n');
    expect(err.text).not.toContain(Buffer.from('admin:hunter2').toString('base64'));
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('admin:hunter2').toString('base64')}`);
  });

  test('exec credential plugins supply the token', async () => {
    const plugin = path.join(dir, 'plugin.mjs');
    await writeFile(
      plugin,
      `const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO || '{}');\n` +
        `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-plugin-' + info.kind + '-' + process.env.PLUGIN_FLAVOUR } }));\n`,
    );
    const { ctx } = fakeContext({ env: { PATH: process.env.PATH } });
    const c = createClients(ctx, restConfig(server.url, path.join(dir, 'cache'), {
      cluster: { server: server.url, 'certificate-authority': pki.ca },
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], env: [{ name: 'PLUGIN_FLAVOUR', value: 'mint' }], interactiveMode: 'Never' } },
    }));
    await c.rest.getJson('/version');
    c.close();
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe('Bearer from-plugin-ExecCredential-mint');
  });

  describe('exec plugins as kubectl runs them', () => {
    const execUser = (script: string, extra: Record<string, unknown> = {}) => ({
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script], interactiveMode: 'Never', ...extra },
    });
    const write1 = async (name: string, body: string) => {
      const file = path.join(dir, name);
      await writeFile(file, body);
      return file;
    };
    const clientsFor = (user: Record<string, unknown>, now?: () => Date) => {
      const { ctx, err } = fakeContext({ env: { PATH: process.env.PATH }, now });
      const c = createClients(ctx, restConfig(server.url, path.join(dir, 'cache'), { cluster: { server: server.url, 'certificate-authority': pki.ca }, user }));
      return { c, err };
    };

    test('stderr passes through; KUBERNETES_EXEC_INFO as client-go writes it; the token is reused until it expires', async () => {
      const count = path.join(dir, 'count');
      const script = await write1(
        'counting.mjs',
        `import fs from 'node:fs';\n` +
          `const n = (fs.existsSync(${JSON.stringify(count)}) ? Number(fs.readFileSync(${JSON.stringify(count)}, 'utf8')) : 0) + 1;\n` +
          `fs.writeFileSync(${JSON.stringify(count)}, String(n));\n` +
          `process.stderr.write('plugin run ' + n + '\\n');\n` +
          `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 't' + n + ' ' + process.env.KUBERNETES_EXEC_INFO, expirationTimestamp: '2099-01-01T00:00:00Z' } }));\n`,
      );
      const { c, err } = clientsFor(execUser(script, { provideClusterInfo: true }));
      await c.rest.getJson('/version');
      await c.rest.getJson('/version');
      c.close();
      expect(err.text).toBe('plugin run 1\n');
      const info = `{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"${server.url}","config":null},"interactive":false}}`;
      expect(server.requestsTo('/version').slice(-2).map((r) => r.headers.authorization)).toEqual([`Bearer t1 ${info}`, `Bearer t1 ${info}`]);
    });

    test('stdin read as input (-f -, set env -): Always refuses as client-go does, IfAvailable runs the plugin non-interactively', async () => {
      const script = await write1(
        'echo-info.mjs',
        `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'i ' + JSON.parse(process.env.KUBERNETES_EXEC_INFO).spec.interactive } }));\n`,
      );
      const run = async (mode: string) => {
        const { ctx } = fakeContext({ env: { PATH: process.env.PATH } });
        ctx.io.in = Object.assign(new PassThrough(), { isTTY: true });
        markStdinInUse(ctx.io.in);
        const c = createClients(ctx, restConfig(server.url, path.join(dir, 'cache'), { cluster: { server: server.url, 'certificate-authority': pki.ca }, user: execUser(script, { interactiveMode: mode }) }));
        try {
          return await c.rest.getJson('/version').then(() => undefined, (e: unknown) => e);
        } finally {
          c.close();
        }
      };
      const refused = await run('Always');
      expect(refused).toBeInstanceOf(ConnectionError);
      expect((refused as ConnectionError).urlErrorText).toBe(
        `Get "${server.url}/version": getting credentials: exec plugin cannot support interactive mode: standard input is unavailable: used by stdin resource manifest reader`,
      );
      expect(await run('IfAvailable')).toBeUndefined();
      expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe('Bearer i false');
    });

    test.each([
      ['process.stderr.write("boom\\n"); process.exit(3);', 'getting credentials: exec: executable NODE failed with exit code 3'],
      ['process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status: { token: "t" } }));', 'getting credentials: exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1'],
      ['process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: {} }));', "getting credentials: exec plugin didn't return a token or cert/key pair"],
      ['process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { clientCertificateData: "x" } }));', 'getting credentials: exec plugin returned only certificate or key, not both'],
    ])('%s -> %s', async (body, message) => {
      const script = await write1(`p${Math.random().toString(36).slice(2)}.mjs`, body);
      const { c } = clientsFor(execUser(script));
      await expect(c.rest.getJson('/version')).rejects.toThrow(message.replace('NODE', process.execPath));
      c.close();
    });

    test('a v1 plugin without interactiveMode is refused, as kubectl does', () => {
      expect(() => clientsFor({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x' } })).toThrow(
        'interactiveMode must be specified for test to use exec authentication plugin',
      );
    });
  });

  test('auth-provider oidc: a still-valid id-token is sent as the bearer token', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://issuer.example', sub: 'jane', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;
    const { ctx } = fakeContext();
    const c = createClients(ctx, restConfig(server.url, path.join(dir, 'cache'), {
      cluster: { server: server.url, 'certificate-authority': pki.ca },
      user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'ktl', 'id-token': idToken, 'idp-issuer-url': 'https://issuer.example' } } },
    }));
    await c.rest.getJson('/version');
    c.close();
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Bearer ${idToken}`);
  });

  test('proxy-url: HTTPS goes through a CONNECT tunnel', async () => {
    const seen: string[] = [];
    const proxy = net.createServer((client) => {
      client.once('data', (chunk) => {
        const head = chunk.toString('latin1');
        seen.push(head.split('\r\n')[0]!);
        const [host, port] = head.split(' ')[1]!.split(':');
        const upstream = net.connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      const c = createClients(fakeContext().ctx, restConfig(server.url, path.join(dir, 'cache'), {
        cluster: { server: server.url, 'certificate-authority': pki.ca, 'proxy-url': proxyUrl },
      }));
      const v = await c.rest.getJson<{ gitVersion: string }>('/version');
      c.close();
      expect(v.gitVersion).toBe('v1.34.4');
      expect(seen).toEqual([`CONNECT 127.0.0.1:${new URL(server.url).port} HTTP/1.1`]);
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
