import { describe, expect, test } from '@jest/globals';
import { decodeKubeconfig } from '../../../src/config/decode-text.js';
import { serializeKubeconfig } from '../../../src/config/serialize.js';
import { flattenKubeconfig, minifyKubeconfig, shortenKubeconfig } from '../../../src/config/view.js';
import { tempDir } from './helpers.js';

const SECRETS = `
current-context: dev
clusters:
- name: dev
  cluster: {server: https://dev, certificate-authority-data: Q0E=}
- name: other
  cluster: {server: https://other, certificate-authority: ca.crt}
users:
- name: dev
  user: {token: s3cret, username: bob, password: hunter2, client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
- name: other
  user: {client-certificate: c.crt, client-key: c.key}
contexts:
- name: dev
  context: {cluster: dev, user: dev}
- name: other
  context: {cluster: other, user: other}
`;

describe('config view transforms', () => {
  test('redaction: *-data become DATA+OMITTED, token and password REDACTED, the rest untouched', () => {
    const cfg = decodeKubeconfig(SECRETS);
    shortenKubeconfig(cfg);
    expect(cfg.users.get('dev')).toEqual({
      token: 'REDACTED',
      username: 'bob',
      password: 'REDACTED',
      'client-certificate-data': 'DATA+OMITTED',
      'client-key-data': 'DATA+OMITTED',
    });
    expect(cfg.clusters.get('dev')!['certificate-authority-data']).toBe('DATA+OMITTED');
    expect(cfg.clusters.get('other')).toEqual({ server: 'https://other', 'certificate-authority': 'ca.crt' });
    // go-yaml prints the placeholder plain, as kubectl does
    expect(serializeKubeconfig(cfg)).toContain('    client-key-data: DATA+OMITTED\n');
  });

  test('minify keeps the current context, its cluster and its user', () => {
    const cfg = decodeKubeconfig(SECRETS);
    minifyKubeconfig(cfg);
    expect([...cfg.contexts.keys()]).toEqual(['dev']);
    expect([...cfg.clusters.keys()]).toEqual(['dev']);
    expect([...cfg.users.keys()]).toEqual(['dev']);
  });

  test('minify errors in kubectl words', () => {
    const none = decodeKubeconfig('contexts: []\n');
    expect(() => minifyKubeconfig(none)).toThrow('current-context must exist in order to minify');
    const dangling = decodeKubeconfig('current-context: x\n');
    expect(() => minifyKubeconfig(dangling)).toThrow('cannot locate context x');
    const noCluster = decodeKubeconfig('current-context: x\ncontexts:\n- name: x\n  context: {cluster: gone, user: u}\n');
    expect(() => minifyKubeconfig(noCluster)).toThrow('cannot locate cluster gone');
  });

  test('flatten inlines files relative to the file that named them', async () => {
    const dir = tempDir({ 'k/ca.crt': 'CA', 'k/c.crt': 'CERT', 'k/c.key': 'KEY' });
    const cfg = decodeKubeconfig(SECRETS);
    const origins = {
      clusters: new Map([['dev', 'k/config'], ['other', 'k/config']]),
      users: new Map([['dev', 'k/config'], ['other', 'k/config']]),
      contexts: new Map(),
    };
    await flattenKubeconfig(cfg, origins, dir);
    expect(cfg.clusters.get('other')).toEqual({ server: 'https://other', 'certificate-authority-data': 'Q0E=' });
    expect(cfg.users.get('other')).toEqual({ 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' });
    // secrets are kept as they are
    expect(cfg.users.get('dev')!.token).toBe('s3cret');
  });

  test('flatten fails on an unreadable file', async () => {
    const dir = tempDir();
    const cfg = decodeKubeconfig('clusters:\n- name: c\n  cluster: {server: https://c, certificate-authority: nope.crt}\n');
    const origins = { clusters: new Map([['c', 'config']]), users: new Map(), contexts: new Map() };
    await expect(flattenKubeconfig(cfg, origins, dir)).rejects.toThrow(`open ${dir}/nope.crt: no such file or directory`);
  });
});
