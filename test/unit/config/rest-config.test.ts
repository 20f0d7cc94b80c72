import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../../src/errors.js';
import { loadRestConfig } from '../../../src/config/index.js';
import type { GlobalFlags } from '../../../src/flags/global.js';
import { ctxIn, tempDir } from './helpers.js';

const KUBECONFIG = `
current-context: dev
clusters:
- name: secure
  cluster: {server: https://secure:6443, certificate-authority: ca.crt, tls-server-name: secure.internal}
- name: plain
  cluster: {server: http://plain:8080}
users:
- name: dev-user
  user: {token: t0k3n, as: admin, as-groups: [g1]}
contexts:
- name: dev
  context: {cluster: secure, user: dev-user, namespace: team-a}
- name: insecure
  context: {cluster: plain, user: dev-user}
- name: bare
  context: {cluster: secure, user: dev-user}
`;

const setup = (env: Record<string, string> = {}) => {
  const dir = tempDir({ 'config.yaml': KUBECONFIG, 'ca.crt': 'CA' });
  return { dir, ctx: ctxIn(dir, { KUBECONFIG: 'config.yaml', ...env }) };
};
const load = (flags: GlobalFlags, env: Record<string, string> = {}, root?: string) => {
  const { ctx } = setup(env);
  return loadRestConfig(ctx, flags, { inClusterRoot: root ?? '/nonexistent-sa' });
};

describe('loadRestConfig', () => {
  test('current context: cluster, user, namespace, CA made absolute', async () => {
    const { dir, ctx } = setup();
    const r = await loadRestConfig(ctx, {}, { inClusterRoot: '/nonexistent' });
    expect(r).toMatchObject({
      contextName: 'dev',
      clusterName: 'secure',
      userName: 'dev-user',
      namespace: 'team-a',
      namespaceFromFlag: false,
      cluster: { server: 'https://secure:6443', 'certificate-authority': path.join(dir, 'ca.crt'), 'tls-server-name': 'secure.internal' },
      user: { token: 't0k3n' },
      impersonate: { user: 'admin', groups: ['g1'] },
      requestTimeoutMs: 0,
      inCluster: false,
      verbosity: 0,
      cacheDir: path.join(dir, '.kube', 'cache'),
    });
  });

  test('namespace precedence: -n, then the context, then default', async () => {
    expect((await load({ namespace: 'flag-ns' })).namespace).toBe('flag-ns');
    expect((await load({ namespace: 'flag-ns' })).namespaceFromFlag).toBe(true);
    expect((await load({})).namespace).toBe('team-a');
    expect((await load({ context: 'bare' })).namespace).toBe('default');
  });

  test('flag overrides: --server clears tls-server-name, --insecure-skip-tls-verify clears the CA, --token replaces the token', async () => {
    const r = await load({ server: 'https://other:443', insecureSkipTlsVerify: true, token: 'flag-token', as: 'someone', asGroup: ['x', 'y'], asUid: '42' });
    expect(r.cluster).toEqual({ server: 'https://other:443', 'insecure-skip-tls-verify': true });
    expect(r.user.token).toBe('flag-token');
    expect(r.impersonate).toEqual({ user: 'someone', groups: ['x', 'y'], uid: '42' });
    const tls = await load({ tlsServerName: 'name.override' });
    expect(tls.cluster['tls-server-name']).toBe('name.override');
  });

  test('--cluster and --user pick other stanzas', async () => {
    const r = await load({ cluster: 'plain' });
    expect(r.cluster.server).toBe('http://plain:8080');
    expect(r.clusterName).toBe('plain');
  });

  test('credentials are dropped over http, impersonation is kept', async () => {
    const r = await load({ context: 'insecure' });
    expect(r.cluster.server).toBe('http://plain:8080');
    expect(r.user).toEqual({});
    expect(r.impersonate).toEqual({ user: 'admin', groups: ['g1'] });
  });

  test('an unknown context is an "Error in configuration"', async () => {
    const err = await load({ context: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe('context was not found for specified context: nope');
    expect((err as ConfigError).inConfiguration).toBe(true);
  });

  test('unknown --cluster / --user give kubectl\'s single errors', async () => {
    await expect(load({ cluster: 'nope' })).rejects.toThrow(new ConfigError('no server found for cluster "nope"'));
    const user = (await load({ user: 'nope' }).catch((e: unknown) => e)) as ConfigError;
    expect(user.message).toBe('auth info "nope" does not exist');
    expect(user.inConfiguration).toBe(false);
  });

  test('several problems are listed as "* ..." lines', async () => {
    const dir = tempDir({
      'k.yaml': 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: https://c, certificate-authority: missing.crt}\nusers:\n- name: u\n  user: {token: t, username: bob}\n',
    });
    const err = (await loadRestConfig(ctxIn(dir), { kubeconfig: 'k.yaml' }).catch((e: unknown) => e)) as ConfigError;
    expect(err.inConfiguration).toBe(true);
    expect(err.message).toBe(
      '\n* more than one authentication method found for u; found [token basicAuth], only one is allowed' +
        `\n* unable to read certificate-authority ${path.join(dir, 'missing.crt')} for c due to open ${path.join(dir, 'missing.crt')}: no such file or directory`,
    );
  });

  test('--request-timeout: integer seconds, Go durations, kubectl\'s error otherwise', async () => {
    expect((await load({ requestTimeout: '5' })).requestTimeoutMs).toBe(5000);
    expect((await load({ requestTimeout: '1m30s' })).requestTimeoutMs).toBe(90000);
    expect((await load({ requestTimeout: '0' })).requestTimeoutMs).toBe(0);
    await expect(load({ requestTimeout: '1.5' })).rejects.toThrow(
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  });

  test('cache dir: --cache-dir, then KUBECACHEDIR, then ~/.kube/cache; -v level', async () => {
    expect((await load({ cacheDir: '/c1' }, { KUBECACHEDIR: '/c2' })).cacheDir).toBe('/c1');
    expect((await load({}, { KUBECACHEDIR: '/c2' })).cacheDir).toBe('/c2');
    expect((await load({ v: '6' })).verbosity).toBe(6);
  });

  test('no kubeconfig at all falls back to http://localhost:8080', async () => {
    const dir = tempDir();
    const r = await loadRestConfig(ctxIn(dir), {}, { inClusterRoot: '/nonexistent' });
    expect(r.cluster.server).toBe('http://localhost:8080');
    expect(r.namespace).toBe('default');
    expect(r.contextName).toBe('');
    expect(r.inCluster).toBe(false);
  });

  test('--kubeconfig pointing nowhere is a stat error', async () => {
    const dir = tempDir();
    await expect(loadRestConfig(ctxIn(dir), { kubeconfig: 'gone.yaml' })).rejects.toThrow(
      new ConfigError('stat gone.yaml: no such file or directory'),
    );
  });

  test('in-cluster service account when there is no kubeconfig', async () => {
    const sa = tempDir({ token: 'sa-token', 'ca.crt': 'CA', namespace: 'pod-ns\n' });
    const dir = tempDir();
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const r = await loadRestConfig(ctxIn(dir, env), {}, { inClusterRoot: sa });
    expect(r).toMatchObject({
      inCluster: true,
      namespace: 'pod-ns',
      cluster: { server: 'https://10.0.0.1:443', 'certificate-authority': path.join(sa, 'ca.crt') },
      user: { token: 'sa-token', tokenFile: path.join(sa, 'token') },
    });
    const ns = await loadRestConfig(ctxIn(dir, env), { namespace: 'x' }, { inClusterRoot: sa });
    expect(ns.namespace).toBe('x');
    // without the env vars it is not attempted
    const none = await loadRestConfig(ctxIn(dir), {}, { inClusterRoot: sa });
    expect(none.inCluster).toBe(false);
  });

  test('a kubeconfig wins over in-cluster, but its context without namespace takes the service account namespace', async () => {
    const sa = tempDir({ token: 'sa-token', namespace: 'pod-ns' });
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const withNs = await load({}, env, sa);
    expect(withNs.inCluster).toBe(false);
    expect(withNs.namespace).toBe('team-a');
    const bare = await load({ context: 'bare' }, env, sa);
    expect(bare.namespace).toBe('pod-ns');
  });
});
