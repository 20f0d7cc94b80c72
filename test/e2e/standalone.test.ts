/**
 * ktl never runs kubectl: the built binary works against the real cluster with
 * a PATH that holds no Kubernetes binary at all.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ktl, runProcess } from './cluster-env.js';

const emptyBin = mkdtempSync(path.join(tmpdir(), 'ktl-nopath-'));
const env = { PATH: emptyBin };

describe('bin/ktl with no kubectl on PATH', () => {
  test('the PATH used really has nothing on it', async () => {
    expect(readdirSync(emptyBin)).toEqual([]);
    await expect(runProcess('kubectl', ['version'], { env })).rejects.toThrow(/ENOENT/);
  });

  test('version reports client and server', async () => {
    const r = await ktl(['version'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\nKustomize Version: v5\.6\.0\nServer Version: v1\.3\d\.\d+\n$/);
  });

  test('api-versions lists the core and apps groups from the server', async () => {
    const r = await ktl(['api-versions'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('v1');
    expect(lines).toContain('apps/v1');
    expect([...lines].sort()).toEqual(lines);
  });

  test('an unprivileged context gets the server\'s Forbidden in kubectl\'s words', async () => {
    const r = await ktl(['--context', 'ktl-dev-viewer', 'api-resources', '--as', 'nobody-at-all'], { env });
    expect(r.code).toBe(1);
    // like kubectl, the header is printed before discovery fails
    expect(r.stdout).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
    expect(r.stderr.split('\n').filter(Boolean).at(-1)).toBe('Error from server (Forbidden): unknown');
  });
});
