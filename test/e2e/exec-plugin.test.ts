/**
 * Credential plugins end to end: a kubeconfig whose user is an exec plugin
 * that hands out the admin's client certificate (and one that fails), used by
 * ktl and by kubectl.1.33 against the real cluster. Output, the plugin's
 * stderr passed through, and exit codes must match.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { kubeconfigPath, ktl, kubectl } from './cluster-env.js';

let dir = '';
const kubeconfigs: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-exec-'));
  type Kc = { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ name: string; user: Record<string, string> }>; contexts: Array<{ name: string; context: { user: string } }>; 'current-context': string };
  const kc = yaml.load(await readFile(kubeconfigPath, 'utf8')) as Kc;
  const userName = kc.contexts.find((c) => c.name === kc['current-context'])!.context.user;
  const admin = kc.users.find((u) => u.name === userName)!.user;
  const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  const cred = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { clientCertificateData: pem(admin['client-certificate-data']!), clientKeyData: pem(admin['client-key-data']!) } };
  const plugins: Record<string, string> = {
    good: `process.stderr.write('plugin: handing out a certificate\\n');\nprocess.stdout.write(${JSON.stringify(JSON.stringify(cred))});\n`,
    failing: `process.stderr.write('plugin: no credentials for you\\n');\nprocess.exit(4);\n`,
  };
  for (const [name, body] of Object.entries(plugins)) {
    const script = path.join(dir, `${name}.mjs`);
    await writeFile(script, body);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: kc.clusters[0]!.cluster }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script], interactiveMode: 'Never' } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    };
    kubeconfigs[name] = path.join(dir, `${name}.kubeconfig`);
    await writeFile(kubeconfigs[name]!, yaml.dump(config));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('exec credential plugins, ktl vs kubectl.1.33', () => {
  test.each(['good', 'failing'])('%s plugin', async (name) => {
    const env = { KUBECONFIG: kubeconfigs[name]! };
    const args = ['get', 'namespace', 'default', '-o', 'name'];
    const [a, b] = await Promise.all([ktl(args, { env }), kubectl(args, { env })]);
    expect(a).toEqual(b);
    if (name === 'good') expect(b).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: 'plugin: handing out a certificate\n' });
    else expect(b.stderr).toContain(`plugin: no credentials for you\n`);
  });
});
