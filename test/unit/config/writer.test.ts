import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { decodeKubeconfig } from '../../../src/config/decode-text.js';
import { kubeconfigPaths, loadKubeconfig } from '../../../src/config/loader.js';
import { atomicWrite, modifyKubeconfig, writeKubeconfigFile } from '../../../src/config/writer.js';
import { ctxIn, tempDir } from './helpers.js';

const A = 'current-context: ctx-a\nclusters:\n- name: shared\n  cluster: {server: https://a}\n- name: keep-a\n  cluster: {server: https://keep}\ncontexts:\n- name: ctx-a\n  context: {cluster: shared, user: u}\n';
const B = 'clusters:\n- name: only-b\n  cluster: {server: https://b}\nusers:\n- name: u\n  user: {token: t}\n';
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('kubeconfig write-back', () => {
  test('atomic write creates new files 0600 and leaves no temp files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'deep/dir/config');
    await writeKubeconfigFile(file, decodeKubeconfig(A), dir);
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config']);
    expect(fs.readFileSync(file, 'utf8')).toContain('current-context: ctx-a\n');
  });

  test('an existing file keeps its mode (0600 stays 0600, 0644 stays 0644)', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B });
    fs.chmodSync(path.join(dir, 'b.yaml'), 0o644);
    await atomicWrite(path.join(dir, 'a.yaml'), 'x: 1\n');
    await atomicWrite(path.join(dir, 'b.yaml'), 'x: 1\n');
    expect(mode(path.join(dir, 'a.yaml'))).toBe(0o600);
    expect(mode(path.join(dir, 'b.yaml'))).toBe(0o644);
  });

  test('writes go through a symlink to its target', async () => {
    const dir = tempDir({ 'real.yaml': A });
    fs.symlinkSync(path.join(dir, 'real.yaml'), path.join(dir, 'link.yaml'));
    await atomicWrite(path.join(dir, 'link.yaml'), 'x: 1\n');
    expect(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real.yaml'), 'utf8')).toBe('x: 1\n');
  });

  test('a modified stanza goes to its file, a new one to the first existing file; other entries survive', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B });
    const paths = kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'missing.yaml:a.yaml:b.yaml' }));
    const loaded = await loadKubeconfig(paths);
    loaded.config.clusters.set('only-b', { server: 'https://b2' });
    loaded.config.users.set('new-user', { token: 'n' });
    await modifyKubeconfig(paths, loaded, { relativizePaths: true });
    const a = decodeKubeconfig(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'));
    const b = decodeKubeconfig(fs.readFileSync(path.join(dir, 'b.yaml'), 'utf8'));
    expect(b.clusters.get('only-b')).toEqual({ server: 'https://b2' });
    expect(b.users.get('u')).toEqual({ token: 't' });
    expect(a.users.get('new-user')).toEqual({ token: 'n' });
    expect([...a.clusters.keys()].sort()).toEqual(['keep-a', 'shared']);
    expect(a.currentContext).toBe('ctx-a');
    expect(fs.existsSync(path.join(dir, 'missing.yaml'))).toBe(false);
    expect(mode(path.join(dir, 'a.yaml'))).toBe(0o600);
    // lock files are gone
    expect(fs.readdirSync(dir).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  test('deleting a stanza removes it from the file that defined it only', async () => {
    const dir = tempDir({ 'a.yaml': A, 'b.yaml': B });
    const paths = kubeconfigPaths(ctxIn(dir, { KUBECONFIG: 'a.yaml:b.yaml' }));
    const loaded = await loadKubeconfig(paths);
    loaded.config.users.delete('u');
    await modifyKubeconfig(paths, loaded, { relativizePaths: true });
    expect(decodeKubeconfig(fs.readFileSync(path.join(dir, 'b.yaml'), 'utf8')).users.size).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe(A);
  });

  test('nothing changed, nothing written', async () => {
    const dir = tempDir({ 'a.yaml': A });
    const paths = kubeconfigPaths(ctxIn(dir), 'a.yaml');
    await modifyKubeconfig(paths, await loadKubeconfig(paths), { relativizePaths: true });
    expect(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe(A);
  });

  test('a held lock fails like kubectl', async () => {
    const dir = tempDir({ 'a.yaml': A, 'a.yaml.lock': '' });
    const paths = kubeconfigPaths(ctxIn(dir), 'a.yaml');
    const loaded = await loadKubeconfig(paths);
    loaded.config.currentContext = '';
    await expect(modifyKubeconfig(paths, loaded, { relativizePaths: false })).rejects.toThrow('open a.yaml.lock: file exists');
    expect(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe(A);
  });

  test('new file paths are stored relative to the kubeconfig when they are below it', async () => {
    const dir = tempDir({ 'k/config': B });
    const paths = kubeconfigPaths(ctxIn(dir), 'k/config');
    const loaded = await loadKubeconfig(paths);
    loaded.config.clusters.set('c1', { server: 'https://c1', 'certificate-authority': path.join(dir, 'k/certs/ca.crt') });
    loaded.config.clusters.set('c2', { server: 'https://c2', 'certificate-authority': '/etc/ca.crt' });
    await modifyKubeconfig(paths, loaded, { relativizePaths: true });
    const k = decodeKubeconfig(fs.readFileSync(path.join(dir, 'k/config'), 'utf8'));
    expect(k.clusters.get('c1')!['certificate-authority']).toBe('certs/ca.crt');
    expect(k.clusters.get('c2')!['certificate-authority']).toBe('/etc/ca.crt');
  });
});
