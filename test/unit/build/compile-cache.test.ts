/**
 * The launcher's compile cache (bin/load-cli.js): the real launcher runs on
 * dist/ktl.cjs built as `npm run build` builds it, in a scratch folder, and
 * what the cache folder holds afterwards is checked. Whether V8 took a cache
 * shows in what the launcher does next: a cache it took is left as it is, one
 * it refused is written again. What ktl prints never depends on the cache.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuildOptions } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeApiServer } from '../../integration/fake-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILD_TIMEOUT = 180_000;

let dir: string;
let launcher: string;
let cli: string;
let home: string;
let cases = 0;
interface Options {
  buildCli: (o: BuildOptions) => Promise<unknown>;
  stampBuild: (file: string) => Promise<void>;
}
let buildCli: Options['buildCli'];
let stampBuild: Options['stampBuild'];
/** The hash the build stamped on dist/ktl.cjs. */
const stampOf = () => /\/\/ktl-build:([0-9a-f]{32})\n$/.exec(readFileSync(cli, 'latin1'))![1]!;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ktl-compile-cache-')));
  mkdirSync(path.join(dir, 'bin'));
  for (const f of ['ktl.js', 'load-cli.js', 'large-stack.mjs', 'package.json']) copyFileSync(path.join(repoRoot, 'bin', f), path.join(dir, 'bin', f));
  launcher = path.join(dir, 'bin/ktl.js');
  cli = path.join(dir, 'dist/ktl.cjs');
  home = path.join(dir, 'home');
  mkdirSync(home);
  // the dependencies beside bin/ and dist/, as in an installed package
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  ({ buildCli, stampBuild } = (await import(path.join(repoRoot, 'scripts/bundle-options.mjs'))) as Options);
  await buildCli({ outdir: path.join(dir, 'dist') });
  await stampBuild(cli);
}, BUILD_TIMEOUT);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ktl(args: string[], env: Record<string, string>): Promise<Ran> {
  const child = spawn(process.execPath, [launcher, ...args], {
    env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: path.join(dir, 'no-kubeconfig'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const VERSION = { code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n', stderr: '' };
/** A fresh cache folder for one case. */
const freshRoot = () => path.join(dir, `cache-${++cases}`);
/** The one build folder under a cache root (named for Node, arch and the bundle). */
function buildDir(root: string): string {
  const subs = readdirSync(root);
  expect(subs).toHaveLength(1);
  expect(subs[0]).toBe(`${process.version}-${process.arch}-${stampOf()}`);
  return path.join(root, subs[0]!);
}
const mode = (p: string) => lstatSync(p).mode & 0o777;
/** The files of the CLI a command's cache file holds code for (its format: bin/load-cli.js). */
function cachedFiles(file: string): string[] {
  const buf = readFileSync(file);
  const magic = 'ktl-code-cache 1\n';
  expect(buf.subarray(0, magic.length).toString('latin1')).toBe(magic);
  const names: string[] = [];
  for (let at = magic.length; at < buf.length; ) {
    const nameEnd = at + 2 + buf.readUInt16LE(at);
    names.push(buf.subarray(at + 2, nameEnd).toString('latin1'));
    at = nameEnd + 4 + buf.readUInt32LE(nameEnd);
    expect(at).toBeLessThanOrEqual(buf.length);
  }
  return names.sort();
}

describe('compile cache', () => {
  test('the first run of a command writes its cache, in folders and a file only the user can use', async () => {
    const root = freshRoot();
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    const build = buildDir(root);
    expect(readdirSync(build)).toEqual(['version.bin']);
    expect([mode(root), mode(build), mode(path.join(build, 'version.bin'))]).toEqual([0o700, 0o700, 0o600]);
    expect(statSync(path.join(build, 'version.bin')).size).toBeGreaterThan(10_000);
  });

  test('a cache V8 takes is read and left as it is; another command gets a file of its own', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const file = path.join(buildDir(root), 'version.bin');
    const before = { bytes: readFileSync(file), mtime: statSync(file).mtimeMs };
    // flags before the command: the launcher still finds the command's file
    expect(await ktl(['-v=0', 'version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    expect({ bytes: readFileSync(file), mtime: statSync(file).mtimeMs }).toEqual(before);
    const view = await ktl(['config', 'view'], { KTL_COMPILE_CACHE: root });
    expect(view).toEqual(await ktl(['config', 'view'], { KTL_COMPILE_CACHE: 'off' }));
    expect(readdirSync(buildDir(root)).sort()).toEqual(['config.bin', 'version.bin']);
  });

  test('the command file holds code for the files the command loaded; a run that loads another part adds it, keeping the rest', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const file = path.join(buildDir(root), 'version.bin');
    const first = cachedFiles(file);
    // the entry and the parts `version` runs, not the YAML printer nor another command's parts
    expect(first).toContain('ktl.cjs');
    expect(first.some((f) => /^ktl\/version-[A-Z0-9]+\.cjs$/.test(f))).toBe(true);
    expect(first.filter((f) => /^ktl\/(yaml|get|apply)-/.test(f))).toEqual([]);
    const yaml = await ktl(['version', '--client', '-o', 'yaml'], { KTL_COMPILE_CACHE: root });
    expect(yaml).toEqual(await ktl(['version', '--client', '-o', 'yaml'], { KTL_COMPILE_CACHE: 'off' }));
    expect(yaml.stdout).toContain('gitVersion: v1.33.1');
    const second = cachedFiles(file);
    expect(second.filter((f) => !first.includes(f)).some((f) => /^ktl\/yaml-[A-Z0-9]+\.cjs$/.test(f))).toBe(true);
    expect(second).toEqual(expect.arrayContaining(first));
    // all taken now: neither line writes again
    const before = { bytes: readFileSync(file), mtime: statSync(file).mtimeMs };
    expect(await ktl(['version', '--client', '-o', 'yaml'], { KTL_COMPILE_CACHE: root })).toEqual(yaml);
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    expect({ bytes: readFileSync(file), mtime: statSync(file).mtimeMs }).toEqual(before);
  });

  test('a line with the word apply (the tiering flag, on Node 20 and 22) keeps a file of its own: neither kind of run replaces the other\'s', async () => {
    const root = freshRoot();
    const plain = ['version', '--client'];
    const worded = ['version', '--client', '-o', 'apply'];
    expect(await ktl(plain, { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    const refused = await ktl(worded, { KTL_COMPILE_CACHE: root });
    expect(refused).toEqual(await ktl(worded, { KTL_COMPILE_CACHE: 'off' }));
    expect(refused.code).toBe(1);
    const build = buildDir(root);
    const tiered = /^(11\.3|12)\./.test(process.versions.v8);
    expect(readdirSync(build).sort()).toEqual(tiered ? ['version.bin', 'version.tiered.bin'] : ['version.bin']);
    const stamps = () => readdirSync(build).map((f) => [f, statSync(path.join(build, f)).mtimeMs]);
    const before = stamps();
    await ktl(plain, { KTL_COMPILE_CACHE: root });
    await ktl(worded, { KTL_COMPILE_CACHE: root });
    await ktl(plain, { KTL_COMPILE_CACHE: root });
    expect(stamps()).toEqual(before);
  });

  test('a cache V8 refuses (damaged) is not used, the output is the same, and it is written again', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const file = path.join(buildDir(root), 'version.bin');
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    for (let i = 0; i < damaged.length; i += 7) damaged[i] = damaged[i]! ^ 0x5a;
    writeFileSync(file, damaged);
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    const again = readFileSync(file);
    expect(again.equals(damaged)).toBe(false);
    expect(again.length).toBeGreaterThan(10_000);
    expect(mode(file)).toBe(0o600);
  });

  test('a build folder others may write is neither read nor written', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const build = buildDir(root);
    const file = path.join(build, 'version.bin');
    const before = readFileSync(file);
    chmodSync(build, 0o777);
    writeFileSync(file, Buffer.from('not a code cache'));
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    expect(await ktl(['config', 'view'], { KTL_COMPILE_CACHE: root })).toMatchObject({ code: 0, stderr: '' });
    // not read (it would have been refused and written again), nothing added
    expect(readFileSync(file).toString()).toBe('not a code cache');
    expect(readdirSync(build)).toEqual(['version.bin']);
    expect(before.length).toBeGreaterThan(10_000);
  });

  test('a cache root others may write gets nothing', async () => {
    const root = freshRoot();
    mkdirSync(root, { mode: 0o700 });
    chmodSync(root, 0o757);
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    expect(readdirSync(root)).toEqual([]);
  });

  test('a cache file that is a symbolic link is not followed: replaced by a file, its target untouched', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const file = path.join(buildDir(root), 'version.bin');
    const target = path.join(dir, `elsewhere-${cases}`);
    writeFileSync(target, 'someone else\'s file');
    rmSync(file);
    symlinkSync(target, file);
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
    expect(readFileSync(target, 'utf8')).toBe('someone else\'s file');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(mode(file)).toBe(0o600);
  });

  test('off: KTL_COMPILE_CACHE=off or NODE_DISABLE_COMPILE_CACHE=1 writes nothing; unset, the cache is $TMPDIR/ktl-compile-cache-UID, nothing under HOME', async () => {
    const h = path.join(dir, `home-${++cases}`);
    const tmp = path.join(dir, `tmp-${cases}`);
    mkdirSync(h);
    mkdirSync(tmp);
    const run = (env: Record<string, string>) => ktl(['version', '--client'], { HOME: h, TMPDIR: tmp, ...env });
    expect(await run({ KTL_COMPILE_CACHE: 'off' })).toEqual(VERSION);
    expect(await run({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(VERSION);
    expect(readdirSync(tmp)).toEqual([]);
    expect(await run({})).toEqual(VERSION);
    const root = path.join(tmp, `ktl-compile-cache-${process.getuid!()}`);
    expect(readdirSync(tmp)).toEqual([path.basename(root)]);
    expect(mode(root)).toBe(0o700);
    expect(readdirSync(buildDir(root))).toEqual(['version.bin']);
    // ktl leaves the home folder as kubectl does
    expect(readdirSync(h)).toEqual([]);
  });

  test('in a shared temporary folder: a cache folder someone made first (a link here) is not used', async () => {
    const tmp = path.join(dir, `tmp-${++cases}`);
    const elsewhere = path.join(dir, `elsewhere-dir-${cases}`);
    mkdirSync(tmp);
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, path.join(tmp, `ktl-compile-cache-${process.getuid!()}`));
    expect(await ktl(['version', '--client'], { TMPDIR: tmp })).toEqual(VERSION);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  test('a folder that cannot be made (a file in the way) means no cache and no message', async () => {
    const blocker = path.join(dir, `blocker-${++cases}`);
    writeFileSync(blocker, '');
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: path.join(blocker, 'cache') })).toEqual(VERSION);
    expect(readFileSync(blocker, 'utf8')).toBe('');
  });

  test('a new build: its first cache removes the older builds\' folders, not another Node\'s folder of the same build', async () => {
    const root = freshRoot();
    await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root });
    const old = buildDir(root);
    const saved = readFileSync(cli);
    try {
      writeFileSync(cli, saved.toString('latin1').replace(/\n\/\/ktl-build:[0-9a-f]+\n$/, '\n// another build\n'), 'latin1');
      await stampBuild(cli);
      // what another Node left for this build, and for the old one
      const otherNode = path.join(root, `v99.0.0-${process.arch}-${stampOf()}`);
      const otherNodeOld = path.join(root, `v99.0.0-${process.arch}-${path.basename(old).split('-').at(-1)}`);
      mkdirSync(otherNode, { mode: 0o700 });
      mkdirSync(otherNodeOld, { mode: 0o700 });
      expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
      expect(existsSync(old)).toBe(false);
      expect(existsSync(otherNodeOld)).toBe(false);
      expect(existsSync(otherNode)).toBe(true);
      rmSync(otherNode, { recursive: true });
      const now = buildDir(root);
      expect(now).not.toBe(old);
      expect(readdirSync(now)).toEqual(['version.bin']);
    } finally {
      writeFileSync(cli, saved);
    }
  });
});

describe('what is cached', () => {
  test('a bundle without the build\'s stamp (or with another length of it) gets no cache', async () => {
    const saved = readFileSync(cli);
    try {
      const root = freshRoot();
      writeFileSync(cli, saved.toString('latin1').replace(/\n\/\/ktl-build:[0-9a-f]+\n$/, '\n'), 'latin1');
      expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
      writeFileSync(cli, saved.toString('latin1').replace(/\n\/\/ktl-build:[0-9a-f]+\n$/, '\n//ktl-build:xyz\n'), 'latin1');
      expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual(VERSION);
      expect(existsSync(root)).toBe(false);
    } finally {
      writeFileSync(cli, saved);
    }
  });
});

describe('a damaged installation', () => {
  test('dist/ktl.parts cut short or missing: one line and status 1, no stack trace; nothing is cached', async () => {
    const parts = path.join(dir, 'dist/ktl.parts');
    const saved = readFileSync(parts);
    const root = freshRoot();
    try {
      writeFileSync(parts, saved.subarray(0, 50_000));
      expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: ktl's installation is damaged: ${parts}: cut short\n`,
      });
      rmSync(parts);
      expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: root })).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: ktl's installation is damaged: ENOENT: no such file or directory, open '${parts}'\n`,
      });
      expect(existsSync(root)).toBe(false);
    } finally {
      writeFileSync(parts, saved);
    }
    expect(await ktl(['version', '--client'], { KTL_COMPILE_CACHE: 'off' })).toEqual(VERSION);
  });
});

describe('what the bundle imports at run time', () => {
  test('an auth-provider user: client-node (an ES module outside the bundle) is imported through the launcher, and its token sent', async () => {
    // over HTTPS (ktl asks an auth-provider for credentials only there, as kubectl does); a self-signed certificate, not verified
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.crt', '-days', '1', '-subj', '/CN=localhost'], { cwd: dir, stdio: 'pipe' });
    const server = await FakeApiServer.start({ tls: { key: readFileSync(path.join(dir, 'tls.key')), cert: readFileSync(path.join(dir, 'tls.crt')) } });
    try {
      server.discovery().json('GET', '/api/v1/namespaces/default', { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'default' } });
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://issuer.example', sub: 'jane', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;
      const kubeconfig = path.join(dir, 'oidc-kubeconfig');
      writeFileSync(
        kubeconfig,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'u', user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'ktl', 'id-token': idToken, 'idp-issuer-url': 'https://issuer.example' } } } }],
          contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'x',
        }),
      );
      const r = await ktl(['get', 'namespace', 'default', '-o', 'name'], { KUBECONFIG: kubeconfig, KTL_COMPILE_CACHE: freshRoot() });
      expect(r).toEqual({ code: 0, stdout: 'namespace/default\n', stderr: '' });
      expect(server.requestsTo('/api/v1/namespaces/default').at(-1)!.headers.authorization).toBe(`Bearer ${idToken}`);
    } finally {
      await server.close();
    }
  });
});

describe('work at start', () => {
  /**
   * The functions V8 compiled with TurboFan during a run of the launcher (node --trace-opt), after a run that
   * made the cache. (Node 24's Maglev, a cheaper tier at a lower threshold, compiles a few of Node's own path
   * helpers in any run that resolves a few dozen paths: a millisecond or two, not counted here.)
   */
  async function optimizedDuring(args: string[], env: Record<string, string>): Promise<string[]> {
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--trace-opt', launcher, ...args], { env: { PATH: process.env.PATH, HOME: home, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.on('error', reject);
        child.on('close', () => resolve(out));
      });
    await run();
    return [...(await run()).matchAll(/completed compiling[^<]*<JSFunction ([^ >]*)[^\n]*target TURBOFAN/g)].map((m) => m[1]!);
  }

  test('a small command compiles nothing with TurboFan: no loop at start runs hot enough (the loader once normalized every path)', async () => {
    const server = await FakeApiServer.start();
    try {
      const row = (name: string) => ({ cells: [name, 'Active', '5m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name } } });
      const table = (rows: unknown[]) => ({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: ['Name', 'Status', 'Age'].map((n) => ({ name: n, type: 'string', format: n === 'Name' ? 'name' : '', priority: 0, description: '' })), rows });
      server.discovery().json('GET', '/api/v1/namespaces/default', table([row('default')])).json('GET', '/api/v1/namespaces', table([row('default'), row('kube-system')]));
      const kubeconfig = path.join(dir, 'plain-kubeconfig');
      writeFileSync(
        kubeconfig,
        JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: server.url } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }),
      );
      const env = { KUBECONFIG: kubeconfig, KTL_COMPILE_CACHE: freshRoot(), KUBECACHEDIR: path.join(dir, 'discovery-cache') };
      for (const args of [['version', '--client'], ['get', 'ns', 'default'], ['get', 'namespaces']]) {
        expect({ args, optimized: await optimizedDuring(args, env) }).toEqual({ args, optimized: [] });
      }
    } finally {
      await server.close();
    }
  });
});
