/**
 * Bad TLS material in a kubeconfig, with kubectl 1.33's texts (measured with
 * kubectl.1.33 get ns against a local cluster): a CA bundle, client
 * certificate or key that is unreadable, not PEM, of the wrong type or not a
 * pair. Inline data (and a certificate or key given inline) fails before any
 * request; a certificate and key both read from files fail in the handshake
 * (client-go's certificate rotation logs the reason, then the connection
 * fails with it).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources } from '../fake-server.js';

interface Material {
  ca: string;
  serverKey: string;
  serverCert: string;
  clientCert: string;
  clientKey: string;
  otherKey: string;
  ecKey: string;
}

async function makeMaterial(dir: string): Promise<Material> {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=ktl-test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  await writeFile(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'ext.cnf');
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.crt', '-days', '1', '-subj', '/CN=client');
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key');
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.key');
  const p = (f: string) => path.join(dir, f);
  return {
    ca: p('ca.crt'),
    serverKey: p('server.key'),
    serverCert: p('server.crt'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    otherKey: p('other.key'),
    ecKey: p('ec.key'),
  };
}

describe('TLS material kubectl cannot use', () => {
  let dir: string;
  let m: Material;
  let server: FakeApiServer;
  let n = 0;
  const b64 = async (file: string) => (await readFile(file)).toString('base64');
  const b64s = (text: string) => Buffer.from(text).toString('base64');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-tls-material-'));
    m = await makeMaterial(dir);
    await writeFile(path.join(dir, 'garbage.txt'), 'not a certificate\n');
    await writeFile(path.join(dir, 'bad-der.pem'), '-----BEGIN CERTIFICATE-----\nYWJjZA==\n-----END CERTIFICATE-----\n');
    await mkdir(path.join(dir, 'a-dir'));
    server = await FakeApiServer.start({ tls: { key: await readFile(m.serverKey), cert: await readFile(m.serverCert) } });
    server.discovery(standardResources());
    server.json('GET', '/api/v1/namespaces', { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A kubeconfig for the fake server with these cluster and user fields. */
  async function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>, serverUrl = server.url): Promise<string> {
    const file = path.join(dir, `kubeconfig-${++n}`);
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: serverUrl, ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    };
    await writeFile(file, JSON.stringify(doc));
    return file;
  }

  async function ktl(file: string, ...args: string[]) {
    const before = server.requests.length;
    const r = await runKtl(['--kubeconfig', file, '--cache-dir', path.join(dir, `cache-${n}`), ...(args.length ? args : ['get', 'ns'])]);
    return { ...r, sent: server.requests.length - before };
  }

  const fails = (stderr: string) => ({ code: 1, stdout: '', stderr: `error: ${stderr}\n`, sent: 0 });

  describe('refused before anything is sent, in client-go\'s words', () => {
    test('a CA file that is not PEM', async () => {
      const kc = await kubeconfig({ 'certificate-authority': path.join(dir, 'garbage.txt') }, { token: 't' });
      expect(await ktl(kc)).toEqual(fails('unable to load root certificates: unable to parse bytes as PEM block'));
    });

    test('CA data that is a private key, not a certificate', async () => {
      const kc = await kubeconfig({ 'certificate-authority-data': await b64(m.clientKey) }, { token: 't' });
      expect(await ktl(kc)).toEqual(fails('unable to load root certificates: no valid certificate authority data seen'));
    });

    test('a CERTIFICATE block that is not a certificate', async () => {
      const kc = await kubeconfig({ 'certificate-authority': path.join(dir, 'bad-der.pem') }, { token: 't' });
      expect(await ktl(kc)).toEqual(fails('unable to load root certificates: failed to parse certificate: x509: malformed certificate'));
    });

    test('a CA that is a directory, a CA file that does not exist', async () => {
      const d = path.join(dir, 'a-dir');
      expect(await ktl(await kubeconfig({ 'certificate-authority': d }, { token: 't' }))).toEqual(fails(`read ${d}: is a directory`));
      expect(await ktl(await kubeconfig({ 'certificate-authority': '/nonexistent/ca.crt' }, { token: 't' }))).toEqual(
        fails('unable to read certificate-authority /nonexistent/ca.crt for c due to open /nonexistent/ca.crt: no such file or directory'),
      );
    });

    test('--certificate-authority with a file that is not PEM', async () => {
      const kc = await kubeconfig({ 'insecure-skip-tls-verify': true }, { token: 't' });
      expect(await ktl(kc, '--certificate-authority', path.join(dir, 'garbage.txt'), 'get', 'ns')).toEqual(
        fails('unable to load root certificates: unable to parse bytes as PEM block'),
      );
    });

    test('a CA together with insecure-skip-tls-verify in the kubeconfig; the flag replaces the CA', async () => {
      const kc = await kubeconfig({ 'certificate-authority-data': await b64(m.ca), 'insecure-skip-tls-verify': true }, { token: 't' });
      expect(await ktl(kc)).toEqual(fails('specifying a root certificates file with the insecure flag is not allowed'));
      const r = await ktl(kc, '--insecure-skip-tls-verify', 'get', 'ns');
      expect(r.code).toBe(0);
    });

    test('client certificate data that is not PEM', async () => {
      const kc = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': b64s('garbage'), 'client-key-data': await b64(m.clientKey) });
      expect(await ktl(kc)).toEqual(fails('tls: failed to find any PEM data in certificate input'));
    });

    test('a key that does not match the certificate, or is of another type', async () => {
      const other = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': await b64(m.clientCert), 'client-key-data': await b64(m.otherKey) });
      expect(await ktl(other)).toEqual(fails('tls: private key does not match public key'));
      // one of the two inline is enough for client-go to check the pair up front
      const ec = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': await b64(m.clientCert), 'client-key': m.ecKey });
      expect(await ktl(ec)).toEqual(fails('tls: private key type does not match public key type'));
    });

    test('certificate and key swapped', async () => {
      const swapped = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': await b64(m.clientKey), 'client-key-data': await b64(m.clientCert) });
      expect(await ktl(swapped)).toEqual(
        fails('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched'),
      );
      const certAsKey = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': await b64(m.clientCert), 'client-key-data': await b64(m.clientCert) });
      expect(await ktl(certAsKey)).toEqual(fails('tls: found a certificate rather than a key in the PEM for the private key'));
    });

    test('a client certificate that is a directory or missing', async () => {
      const d = path.join(dir, 'a-dir');
      expect(await ktl(await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate': d, 'client-key-data': await b64(m.clientKey) }))).toEqual(
        fails(`read ${d}: is a directory`),
      );
      expect(await ktl(await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate': '/nonexistent/c.crt', 'client-key': m.clientKey }))).toEqual(
        fails('unable to read client-cert /nonexistent/c.crt for u due to open /nonexistent/c.crt: no such file or directory'),
      );
    });

    test('inline data that is not base64', async () => {
      const kc = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate-data': '!!!', 'client-key-data': await b64(m.clientKey) });
      expect(await ktl(kc)).toEqual(fails(`error loading config file "${kc}": illegal base64 data at input byte 0`));
    });

    test('every command that builds a client fails the same way: version prints nothing, a client dry run is refused', async () => {
      const kc = await kubeconfig({ 'certificate-authority': path.join(dir, 'garbage.txt') }, { token: 't' });
      const want = fails('unable to load root certificates: unable to parse bytes as PEM block');
      expect(await ktl(kc, 'version')).toEqual(want);
      expect(await ktl(kc, 'api-resources')).toEqual(want);
      expect(await ktl(kc, 'create', 'configmap', 'x', '--dry-run=client', '-o', 'name')).toEqual(want);
    });

    test('a plain-http server never reads the TLS material', async () => {
      const plain = await FakeApiServer.start();
      try {
        plain.discovery(standardResources());
        plain.json('GET', '/api/v1/namespaces', { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] });
        const kc = await kubeconfig({ 'certificate-authority': path.join(dir, 'garbage.txt') }, {}, plain.url);
        expect((await ktl(kc)).code).toBe(0);
      } finally {
        await plain.close();
      }
    });
  });

  describe('a certificate and key both from files: failed in the handshake', () => {
    test('a key that does not match: client-go\'s rotation log line, then the connection fails with the reason; no request', async () => {
      const kc = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate': m.clientCert, 'client-key': m.otherKey });
      const r = await ktl(kc);
      expect(r.code).toBe(1);
      expect(r.sent).toBe(0);
      const lines = r.stderr.replace(/^E\d{4} [\d:.]+ +\d+ /gm, 'E ').split('\n');
      expect(lines[0]).toBe('E cert_rotation.go:172] "Loading client cert failed" err="tls: private key does not match public key" key="key"');
      expect(lines).toContain(
        `E memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${server.url}/api?timeout=32s\\": tls: private key does not match public key"`,
      );
      expect(lines.at(-2)).toBe('Unable to connect to the server: tls: private key does not match public key');
    });

    test('a certificate file that is not PEM, on a server that is not listening: the dial fails first', async () => {
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const kc = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate': path.join(dir, 'garbage.txt'), 'client-key': m.clientKey }, `https://127.0.0.1:${port}`);
      const r = await ktl(kc);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^E\d{4} [\d:.]+ +\d+ cert_rotation\.go:172\] "Loading client cert failed" err="tls: failed to find any PEM data in certificate input" key="key"\n/);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
    });

    test('a good pair from files connects', async () => {
      const kc = await kubeconfig({ 'certificate-authority': m.ca }, { 'client-certificate': m.clientCert, 'client-key': m.clientKey });
      const r = await ktl(kc);
      expect(r).toMatchObject({ code: 0, stderr: 'No resources found\n', sent: 3 });
    });
  });

  test('an exec plugin that returns a key that is not PEM', async () => {
    const plugin = path.join(dir, 'plugin.mjs');
    const cert = await readFile(m.clientCert, 'utf8');
    await writeFile(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { clientCertificateData: ${JSON.stringify(cert)}, clientKeyData: 'garbage' } }));\n`,
    );
    const kc = await kubeconfig(
      { 'certificate-authority': m.ca },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } },
    );
    const r = await ktl(kc);
    expect(r.code).toBe(1);
    expect(r.sent).toBe(0);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'Unable to connect to the server: getting credentials: failed parsing client key/certificate: tls: failed to find any PEM data in key input',
    );
  });
});
