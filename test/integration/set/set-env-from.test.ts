/**
 * `set env --from`: the variables kubectl 1.33 makes from a config map or
 * secret: only `data` (a config map's binaryData is not imported), a warning
 * for each key whose name had to change. kubectl walks a Go map, so its order
 * varies between runs; ktl orders by variable name (what kubectl printed
 * in the run compared, and the same set on the server either way).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const NS = '/api/v1/namespaces/default';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/envd';
const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'envd', namespace: 'default', resourceVersion: '3' },
  spec: { selector: { matchLabels: { app: 'envd' } }, template: { metadata: { labels: { app: 'envd' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
};
const cm1 = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm1', namespace: 'default' },
  data: { '.hidden': 'K=v\n', 'f1.txt': 'a=1\n', f2: 'x', new: 'v' },
  binaryData: { 'bin.dat': '//4=' },
};
const s1 = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'default' }, type: 'Opaque', data: { '.hidden': 'Sz12Cg==', 'bin.dat': '//4=', 'f1.txt': 'YT0xCg==', f2: 'eA==' } };

const resources = () => [
  ...standardResources(),
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true },
];

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-set-env-from-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args]);

const WARNINGS = 'Warning: key f1.txt transferred to F1_TXT\nWarning: key f2 transferred to F2\nWarning: key new transferred to NEW\nWarning: key .hidden transferred to _HIDDEN\n';

describe('set env --from', () => {
  test('configmap: data keys only, ordered by variable name, one warning per renamed key', async () => {
    server.discovery(resources());
    server.json('GET', `${NS}/configmaps/cm1`, cm1);
    server.json('GET', DEPLOY, deploy);
    server.json('PATCH', DEPLOY, deploy);
    const r = await ktl('set', 'env', 'deploy/envd', '--from=configmap/cm1');
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/envd env updated\n', stderr: WARNINGS });
    const body = JSON.parse(server.requestsTo(DEPLOY, 'PATCH')[0]!.body);
    const env = body.spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'F1_TXT', valueFrom: { configMapKeyRef: { key: 'f1.txt', name: 'cm1' } } },
      { name: 'F2', valueFrom: { configMapKeyRef: { key: 'f2', name: 'cm1' } } },
      { name: 'NEW', valueFrom: { configMapKeyRef: { key: 'new', name: 'cm1' } } },
      { name: '_HIDDEN', valueFrom: { configMapKeyRef: { key: '.hidden', name: 'cm1' } } },
    ]);
  });

  test('configmap --list --resolve: the values, binaryData left out', async () => {
    server.discovery(resources());
    server.json('GET', `${NS}/configmaps/cm1`, cm1);
    server.json('GET', DEPLOY, deploy);
    const r = await ktl('set', 'env', 'deploy/envd', '--from=configmap/cm1', '--list', '--resolve');
    expect(r).toEqual({
      code: 0,
      stdout: '# Deployment envd, container nginx\nF1_TXT=a=1\n\nF2=x\nNEW=v\n_HIDDEN=K=v\n\n',
      stderr: WARNINGS,
    });
  });

  test('secret: every data key, ordered by variable name', async () => {
    server.discovery(resources());
    server.json('GET', `${NS}/secrets/s1`, s1);
    server.json('GET', DEPLOY, deploy);
    const r = await ktl('set', 'env', 'deploy/envd', '--from=secret/s1', '--list');
    expect(r).toEqual({
      code: 0,
      stdout:
        '# Deployment envd, container nginx\n# BIN_DAT from secret s1, key bin.dat\n# F1_TXT from secret s1, key f1.txt\n# F2 from secret s1, key f2\n# _HIDDEN from secret s1, key .hidden\n',
      stderr: 'Warning: key bin.dat transferred to BIN_DAT\nWarning: key f1.txt transferred to F1_TXT\nWarning: key f2 transferred to F2\nWarning: key .hidden transferred to _HIDDEN\n',
    });
  });
});
