import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../../src/errors.js';
import { kubeconfigPaths, loadKubeconfig, loadingPrecedence, resolveLocalPaths } from '../../../src/config/loader.js';
import { ctxIn, tempDir } from './helpers.js';

const A = `
current-context: ctx-a
clusters:
- name: shared
  cluster: {server: https://a, certificate-authority: certs/ca.crt}
- name: only-a
  cluster: {server: https://only-a}
users:
- name: u1
  user: {token: from-a, username: bob}
contexts:
- name: ctx-a
  context: {cluster: shared, user: u1, namespace: ns-a}
preferences: {colors: true}
`;
const B = `
current-context: ctx-b
clusters:
- name: shared
  cluster: {server: https://b, tls-server-name: b-only}
users:
- name: u1
  user: {token: from-b}
contexts:
- name: ctx-b
  context: {cluster: shared, user: u1}
- name: ctx-a
  context: {cluster: only-a, user: nobody}
`;
const C = `
clusters:
- name: c-only
  cluster: {server: https://c}
contexts:
- name: ctx-b
  context: {cluster: c-only, user: cu}
`;

describe('kubeconfig loading rules', () => {
  test('a 3-file KUBECONFIG list merges first-file-wins, stanzas whole, current-context from the first file setting it', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B, 'c.yaml': C });
    const loaded = await loadKubeconfig(kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'c.yaml:b.yaml:a.yaml' })));
    const cfg = loaded.config;
    expect(cfg.currentContext).toBe('ctx-b');
    // shared: b wins whole; a's certificate-authority is not mixed in
    expect(cfg.clusters.get('shared')).toEqual({ server: 'https://b', 'tls-server-name': 'b-only' });
    expect(cfg.users.get('u1')).toEqual({ token: 'from-b' });
    // ctx-b from c (first), ctx-a from b (before a)
    expect(cfg.contexts.get('ctx-b')).toEqual({ cluster: 'c-only', user: 'cu' });
    expect(cfg.contexts.get('ctx-a')).toEqual({ cluster: 'only-a', user: 'nobody' });
    expect([...cfg.clusters.keys()].sort()).toEqual(['c-only', 'only-a', 'shared']);
    expect(cfg.preferences).toEqual({ colors: true });
    expect(Object.fromEntries(loaded.origins.clusters)).toEqual({ 'c-only': 'c.yaml', shared: 'b.yaml', 'only-a': 'a.yaml' });
    expect(Object.fromEntries(loaded.origins.contexts)).toEqual({ 'ctx-b': 'c.yaml', 'ctx-a': 'b.yaml' });
    expect(loaded.defaultFilename).toBe('c.yaml');
  });

  test('current-context comes from the first file that sets it even when a later file sets another', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B });
    const ab = await loadKubeconfig(kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'a.yaml:b.yaml' })));
    expect(ab.config.currentContext).toBe('ctx-a');
    expect(ab.config.clusters.get('shared')!.server).toBe('https://a');
  });

  test('missing files in the list are ignored, duplicates removed, empty entries skipped', async () => {
    const dir = tempDir({ 'a.yaml': A });
    const paths = kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'nope.yaml:a.yaml::a.yaml:gone.yaml' }));
    expect(loadingPrecedence(paths)).toEqual(['nope.yaml', 'a.yaml', '', 'gone.yaml']);
    const loaded = await loadKubeconfig(paths);
    expect(loaded.config.currentContext).toBe('ctx-a');
    // the first existing file takes new stanzas
    expect(loaded.defaultFilename).toBe('a.yaml');
  });

  test('when no listed file exists the last one is the default file', async () => {
    const dir = tempDir();
    const loaded = await loadKubeconfig(kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'x.yaml:y.yaml' })));
    expect(loaded.config.contexts.size).toBe(0);
    expect(loaded.defaultFilename).toBe('y.yaml');
  });

  test('--kubeconfig alone: no merging with KUBECONFIG, missing file is a stat error', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B });
    const only = await loadKubeconfig(kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'b.yaml' }), 'a.yaml'));
    expect(only.config.clusters.get('shared')!.server).toBe('https://a');
    expect(only.config.contexts.has('ctx-b')).toBe(false);
    const missing = loadKubeconfig(kubeconfigPaths(ctxIn(dir), 'missing.yaml'));
    await expect(missing).rejects.toThrow(new ConfigError('stat missing.yaml: no such file or directory'));
    // config commands read a missing --kubeconfig as empty
    const empty = await loadKubeconfig(kubeconfigPaths(ctxIn(dir), 'missing.yaml'), { missingExplicitIsEmpty: true });
    expect(empty.config.contexts.size).toBe(0);
  });

  test('without KUBECONFIG, ~/.kube/config from ctx.homeDir is used', async () => {
    const dir = tempDir({ '.kube/config': A });
    const loaded = await loadKubeconfig(kubeconfigPaths(ctxIn(dir)));
    expect(loaded.precedence).toEqual([path.join(dir, '.kube', 'config')]);
    expect(loaded.config.currentContext).toBe('ctx-a');
  });

  test('relative paths resolve against the directory of the file that defined the stanza', async () => {
    const dir = tempDir({ 'sub/a.yaml': A, 'c.yaml': 'users:\n- name: x\n  user: {client-certificate: ../x.crt, tokenFile: /abs/t, exec: {command: ./bin/p}}\n- name: why\n  user: {exec: {command: plugin}}\n' });
    const loaded = await loadKubeconfig(kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'sub/a.yaml:c.yaml' })));
    // as written, for config commands
    expect(loaded.config.clusters.get('shared')!['certificate-authority']).toBe('certs/ca.crt');
    const resolved = resolveLocalPaths(loaded, dir);
    expect(resolved.clusters.get('shared')!['certificate-authority']).toBe(path.join(dir, 'sub/certs/ca.crt'));
    expect(resolved.users.get('x')!['client-certificate']).toBe(path.join(dir, '../x.crt'));
    expect(resolved.users.get('x')!.tokenFile).toBe('/abs/t');
    expect(resolved.users.get('x')!.exec!.command).toBe(path.join(dir, 'bin/p'));
    // a bare command is looked up on PATH, not resolved
    expect(resolved.users.get('why')!.exec!.command).toBe('plugin');
  });

  test('parse and type errors name the file, in kubectl words', async () => {
    const dir = tempDir({
      'type.yaml': 'clusters: 5\n',
      'field.yaml': 'contexts:\n- name: x\n  context: {namespace: 5}\n',
      'b64.yaml': 'users:\n- name: u\n  user: {client-key-data: "abc!"}\n',
      'dup.yaml': 'users:\n- name: u\n- name: u\n',
      'broken.yaml': 'foo: [\n',
    });
    const load = (f: string) => loadKubeconfig(kubeconfigPaths(ctxIn(dir), f));
    await expect(load('type.yaml')).rejects.toThrow(
      'error loading config file "type.yaml": json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster',
    );
    await expect(load('field.yaml')).rejects.toThrow(
      'error loading config file "field.yaml": json: cannot unmarshal number into Go struct field Context.contexts.context.namespace of type string',
    );
    await expect(load('b64.yaml')).rejects.toThrow('error loading config file "b64.yaml": illegal base64 data at input byte 3');
    await expect(load('dup.yaml')).rejects.toThrow(
      'error loading config file "dup.yaml": error converting *[]NamedAuthInfo into *map[string]*api.AuthInfo: duplicate name "u" in list',
    );
    await expect(load('broken.yaml')).rejects.toThrow(/^error loading config file "broken.yaml": yaml: line \d+: /);
  });

  test('files are read relative to ctx.cwd, never process.cwd()', async () => {
    const dir = tempDir({ 'a.yaml': A });
    expect(fs.existsSync(path.join(process.cwd(), 'a.yaml'))).toBe(false);
    const loaded = await loadKubeconfig(kubeconfigPaths(ctxIn(dir), 'a.yaml'));
    expect(loaded.config.currentContext).toBe('ctx-a');
  });
});
