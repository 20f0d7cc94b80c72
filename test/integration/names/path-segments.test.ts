/**
 * Names and namespaces that cannot be URL path segments (".", "..", with "/"
 * or "%") are refused with kubectl's texts before any request reaches an
 * object: the fake server answers discovery only and records anything else.
 * (Before the fix `delete cm .` sent DELETE .../configmaps/ — a delete of the
 * whole collection — and `get cm ..` read the Namespace.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

let server: FakeApiServer;
let dir: string;
let manifest: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-names-'));
  manifest = path.join(dir, 'cm.yaml');
  await writeFile(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hp\n');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) =>
  runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { env: { EDITOR: 'true', KUBE_EDITOR: 'true' } });

/** every request that was not discovery */
const objectRequests = () => server.requests.filter((r) => !/^\/(api|apis)(\/[^/]+(\/[^/]+)?)?$/.test(r.path)).map((r) => `${r.method} ${r.path}`);

const problems: Record<string, string> = { '.': "may not be '.'", '..': "may not be '..'", 'a%2Fb': "may not contain '%'" };

// commands taking a name; @ is replaced by the bad name
const byName = [
  'get cm @',
  'get cm/@ -o yaml',
  'delete cm @',
  'label cm @ x=y',
  'annotate cm @ a=b',
  'patch cm @ -p {}',
  'edit cm @',
  'rollout status deploy/@',
  'rollout restart deploy/@',
  'rollout history deploy/@',
  'rollout undo deploy/@',
  'rollout pause deploy/@',
  'set env deploy/@ A=b',
  'set image deploy/@ a=b',
  'set resources deploy/@ --limits=cpu=1',
  'wait cm/@ --for=delete --timeout=1s',
  'expose deploy @ --port=80',
  'create job j --from=cronjob/@',
  'label ns @ x=y',
];

describe('bad names are refused before any request', () => {
  for (const bad of Object.keys(problems)) {
    for (const cmd of byName) {
      test(`${cmd.replace('@', bad)}`, async () => {
        server.discovery();
        const r = await ktl(...cmd.split(' ').map((a) => a.replace('@', bad)), '-n', 'default');
        expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
          code: 1,
          stdout: '',
          stderr: `error: invalid resource name "${bad}": [${problems[bad]}]\n`,
        });
        expect(objectRequests()).toEqual([]);
        expect(server.unexpected).toEqual([]);
      });
    }
  }

  test('scale: kubectl prefixes "no objects passed to scale", nothing sent', async () => {
    server.discovery();
    const r = await ktl('scale', 'deploy', '..', '--replicas=1', '-n', 'default');
    expect(r.stderr).toBe(`error: no objects passed to scale invalid resource name "..": [may not be '..']\n`);
    expect(r.code).toBe(1);
    expect(objectRequests()).toEqual([]);
  });

  test('delete --dry-run=client only reports, as kubectl does (it sends nothing either)', async () => {
    server.discovery();
    const r = await ktl('delete', 'cm/..', '--dry-run=client', '-n', 'default');
    expect(r).toEqual({ code: 0, stdout: 'configmap ".." deleted (dry run)\n', stderr: '' });
    expect(objectRequests()).toEqual([]);
  });

  test('a/b as a name: the builder refuses it (kubectl texts), nothing sent', async () => {
    server.discovery();
    const r1 = await ktl('delete', 'cm', 'a/b', '-n', 'default');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/^error: there is no need to specify a resource type as a separate argument when passing arguments in resource\/name form/);
    const r2 = await ktl('get', 'cm/a/b', '-n', 'default');
    expect(r2.stderr).toBe('error: arguments in resource/name form may not have more than one slash\n');
    expect(objectRequests()).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });

  test('create job --from=cronjob/a/b: the builder\'s text, nothing sent', async () => {
    server.discovery();
    const r = await ktl('create', 'job', 'j', '--from=cronjob/a/b', '-n', 'default');
    expect(r.stderr).toBe('error: arguments in resource/name form may not have more than one slash\n');
    expect(objectRequests()).toEqual([]);
  });
});

const nsProblems: Record<string, string> = { ...problems, 'a/b': "may not contain '/'" };

// commands run with -n <bad>; the expected text after the "invalid namespace" part
const byNamespace: Array<[string, (msg: string) => string]> = [
  ['get cm', (m) => `${m}\n`], // a list's errors are printed as get's error lines, without "error: "
  ['get cm x', (m) => `error: ${m}\n`],
  ['get cm -o name', (m) => `error: ${m}\n`],
  ['get cm -w', (m) => `error: ${m}\n`],
  ['delete cm x', (m) => `error: ${m}\n`],
  ['delete cm --all', (m) => `error: ${m}\n`],
  ['delete cm --all --dry-run=client', (m) => `error: ${m}\n`],
  ['label cm x x=y', (m) => `error: ${m}\n`],
  ['annotate cm x a=b', (m) => `error: ${m}\n`],
  ['patch cm x -p {}', (m) => `error: ${m}\n`],
  ['edit cm x', (m) => `error: ${m}\n`],
  ['scale deploy x --replicas=1', (m) => `error: no objects passed to scale ${m}\n`],
  ['rollout status deploy/x', (m) => `error: ${m}\n`],
  ['rollout restart deploy/x', (m) => `error: ${m}\n`],
  ['set env deploy/x A=b', (m) => `error: ${m}\n`],
  ['wait cm/x --for=delete --timeout=1s', (m) => `error: ${m}\n`],
  ['expose deploy x --port=80', (m) => `error: ${m}\n`],
  ['create cm x', (m) => `error: failed to create configmap: ${m}\n`],
  ['create deploy x --image=a', (m) => `error: failed to create deployment: ${m}\n`],
  ['create secret generic x', (m) => `error: failed to create secret ${m}\n`],
];

describe('bad namespaces are refused before any request', () => {
  for (const bad of Object.keys(nsProblems)) {
    for (const [cmd, expected] of byNamespace) {
      test(`${cmd} -n ${bad}`, async () => {
        server.discovery();
        const r = await ktl(...cmd.split(' '), '-n', bad);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: expected(`invalid namespace "${bad}": [${nsProblems[bad]}]`) });
        expect(objectRequests()).toEqual([]);
        expect(server.unexpected).toEqual([]);
      });
    }
    test(`apply -f -n ${bad}: kubectl's "retrieving current configuration" text`, async () => {
      server.discovery();
      server.json('GET', '/openapi/v3', { paths: {} });
      const r = await ktl('apply', '-f', manifest, '-n', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\n' +
          `Name: "hp", Namespace: "${bad}"\nfrom server for: "${manifest}": invalid namespace "${bad}": [${nsProblems[bad]}]\n`,
      );
      expect(objectRequests().filter((q) => !q.includes('/openapi'))).toEqual([]);
    });
  }
});
