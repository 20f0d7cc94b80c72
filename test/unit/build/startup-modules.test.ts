/**
 * What a start of ktl loads, as structure rather than timings (README,
 * "Startup of small commands"). This looks at the same sources built as ES
 * modules split at every dynamic import() (splitCliOptions in
 * scripts/bundle-options.mjs): dist/ktl.cjs and dist/ktl.parts are that
 * split made CommonJS, so the files a start loads here are the files it
 * loads there. The real launcher (bin/ktl.js) runs on
 * that build in a child process, its loadCli() line replaced by an import()
 * of the split build, with test/helpers/module-log-hook.mjs recording every
 * module file Node loads; the metafile (output file -> source inputs) tells
 * which sources those files hold.
 *
 * `version --client` and `get ns default` (through a kubeconfig, against
 * the fake API server) must load few files of the bundle and none of: the
 * -f manifest reader, the JSONPath / go-template / custom-columns printers,
 * the --sort-by sorter, the plugin code, kuberc's reader, chalk (colour
 * only when asked for), nor anything of the full YAML reader (js-yaml and
 * its wrapper: a plain kubeconfig is read by codec/yaml-plain.ts), nor the
 * YAML printer; neither node:child_process, node:zlib (gzip bodies only)
 * nor node:perf_hooks, and no source they load imports node:fs/promises
 * (src/fs-async.ts: the launcher's CommonJS start would load it), beyond what Node's own ES module loader loads
 * for the same imports (Node 22+ loads zlib and perf_hooks for node:http). `get -o jsonpath` is the control: the same
 * check sees the JSONPath printer loaded there. No timings are measured.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuildOptions, Metafile } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeApiServer, type RecordedRequest } from '../../integration/fake-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hook = path.join(repoRoot, 'test/helpers/module-log-hook.mjs');
// building the bundle takes seconds, more on a loaded machine (CI shares it)
const BUILD_TIMEOUT = 180_000;
const RUN_TIMEOUT = 60_000;

/**
 * At most this many files of the split build (ktl.js, chunks/*.js) per
 * start: the counts measured when this test was written (version --client:
 * 15 files, 188 KB; get ns default: 47 files, 528 KB; Node 20.20, esbuild
 * 0.28) plus 2: room for a small shared chunk esbuild splits off, not for
 * another subsystem on the path.
 */
const MAX_FILES = { version: 15 + 2, get: 47 + 2 };

/** Sources (paths from the repository root; a trailing / is a directory) neither start may load. */
const NEVER_ON_STARTUP = [
  'src/resource/manifests.ts',
  'src/printers/jsonpath.ts',
  'src/printers/go-template.ts',
  'src/printers/go-printf.ts',
  'src/printers/custom-columns.ts',
  'src/printers/sort.ts',
  'src/plugins/',
  'src/kuberc/load.ts',
  'src/kuberc/apply.ts',
  'node_modules/chalk/',
  'src/printers/color.ts',
  // kubectl's translations: read only when LANG & co. name a language other than English
  'src/i18n/data/',
];
/**
 * version --client reads no kubeconfig: no YAML at all. get reads a plain
 * kubeconfig with the quick reader (codec/yaml-plain.ts), not js-yaml
 * (codec/yaml.ts, config/decode-text.ts), and prints no YAML: the YAML
 * printer comes only with the kubeconfig writer (config/serialize.ts) or
 * -o yaml.
 */
const FULL_YAML_READER = ['node_modules/js-yaml/', 'src/codec/yaml.ts', 'src/config/decode-text.ts'];
const NEVER_IN_VERSION = [...NEVER_ON_STARTUP, ...FULL_YAML_READER, 'src/printers/yaml.ts'];
const NEVER_IN_GET = [...NEVER_ON_STARTUP, ...FULL_YAML_READER, 'src/printers/yaml.ts', 'src/config/serialize.ts'];
/**
 * Node built-ins neither start may load: commander's require of
 * node:child_process is deferred at bundle time (scripts/bundle-options.mjs),
 * the exec credential plugin imports it when it runs one.
 */
const NEVER_BUILTIN = ['child_process', 'internal/child_process', 'zlib', 'perf_hooks'];
/**
 * Built-ins no source of either start may import: node:fs/promises (with the
 * stream and readline modules it loads) is replaced there by node:fs's
 * callbacks (src/fs-async.ts). Checked on the metafile's imports, since
 * Node's ES module loader, which runs this split build, loads it itself.
 */
const NEVER_IMPORTED = ['node:fs/promises', 'fs/promises'];

/**
 * The forbidden built-ins a start loaded that are ktl's doing: those that
 * Node's own ES module loader does not bring along for a program importing
 * the same public built-ins (the forbidden ones left out). Node 22 and 24
 * load zlib and perf_hooks for any ES module importing node:http; Node 20
 * loads neither, so there the check is the plain one.
 */
async function forbiddenBuiltins(s: Started): Promise<string[]> {
  const seen = s.builtins.filter((b) => NEVER_BUILTIN.includes(b));
  if (seen.length === 0) return [];
  // underscore modules (_tls_wrap, _http_agent ...) come with their public parents; imported on their own,
  // and in the order a start happened to load them, they can meet Node's internals half made (http2's
  // class extends tls.Server before tls has defined it, seen on Node 22)
  const publicOnes = s.builtins.filter((b) => builtinModules.includes(b) && !b.startsWith('_') && !NEVER_BUILTIN.includes(b));
  const program = path.join(dir, `baseline-${++runs}.mjs`);
  const log = path.join(dir, `baseline-${runs}.log`);
  await writeFile(program, publicOnes.map((b) => `import 'node:${b}';\n`).join(''));
  const child = spawn(process.execPath, ['--import', pathToFileURL(hook).href, program], { env: { PATH: process.env.PATH, KTL_MODULE_LOG: log }, stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the baseline program exited ${code}`);
  const nodes = (await readFile(log, 'utf8')).split('\n').filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length));
  return seen.filter((b) => !nodes.includes(b));
}

const matches = (input: string, pattern: string) => (pattern.endsWith('/') ? input.startsWith(pattern) : input === pattern);

interface Started {
  code: number | null;
  stdout: string;
  stderr: string;
  /** files of the bundle loaded, paths from dist/, in load order */
  files: string[];
  /** sources those files hold (metafile inputs, paths from the repository root) */
  inputs: Set<string>;
  /** Node built-in modules loaded (process.moduleLoadList) */
  builtins: string[];
}

/** The launcher's load of dist/ktl.cjs, and what stands in for it here: the split build's run(), imported on first use. */
const LOAD_LINE = "  cli = loadCli(path.join(__dirname, '..', 'dist', 'ktl.cjs'), process.argv.slice(2), process.env);";
const SPLIT_LOAD = "  cli = { exports: { run: (...a) => import('../dist/ktl.js').then((m) => m.run(...a)) } };";

let dir: string;
let dist: string;
let launcher: string;
let home: string;
/** output file (absolute) -> its inputs */
let outputs: Map<string, string[]>;
let allInputs: Set<string>;
/** source -> the modules it imports (metafile) */
let importsOf: Map<string, string[]>;
let server: FakeApiServer;
let runs = 0;

beforeAll(async () => {
  // realpath: the hook logs the URLs Node resolved, os.tmpdir() may be a symlink
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ktl-startup-modules-')));
  dist = path.join(dir, 'dist');
  home = path.join(dir, 'home');
  await mkdir(path.join(dir, 'bin'));
  await mkdir(home);
  launcher = path.join(dir, 'bin/ktl.js');
  for (const f of ['load-cli.js', 'package.json']) await copyFile(path.join(repoRoot, 'bin', f), path.join(dir, 'bin', f));
  const real = await readFile(path.join(repoRoot, 'bin/ktl.js'), 'utf8');
  if (!real.includes(LOAD_LINE)) throw new Error(`bin/ktl.js: expected the line "${LOAD_LINE}" (this test replaces it)`);
  await writeFile(launcher, real.replace(LOAD_LINE, SPLIT_LOAD));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));

  const { build } = await import('esbuild');
  const { splitCliOptions } = (await import(path.join(repoRoot, 'scripts/bundle-options.mjs'))) as { splitCliOptions: BuildOptions };
  const result = await build({ ...splitCliOptions, absWorkingDir: repoRoot, outdir: dist, metafile: true, write: true });
  const meta: Metafile = result.metafile!;
  outputs = new Map(Object.entries(meta.outputs).map(([file, o]) => [path.resolve(repoRoot, file), Object.keys(o.inputs)]));
  allInputs = new Set(Object.keys(meta.inputs));
  importsOf = new Map(Object.entries(meta.inputs).map(([file, i]) => [file, i.imports.map((x) => x.path)]));

  server = await FakeApiServer.start();
  const table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '10' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0, description: '' },
      { name: 'Status', type: 'string', format: '', priority: 0, description: '' },
      { name: 'Age', type: 'string', format: '', priority: 0, description: '' },
    ],
    rows: [{ cells: ['default', 'Active', '5d'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'default', resourceVersion: '10' } } }],
  };
  const ns = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'default', resourceVersion: '10' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  server
    .discovery()
    .on('GET', '/api/v1/namespaces/default', (req: RecordedRequest) => ({ body: /;as=Table;/.test(String(req.headers.accept)) ? table : ns }));
  // a kubeconfig as people have one: get reads it (YAML) and talks to the fake server through it
  await writeFile(
    path.join(dir, 'kubeconfig'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: ${server.url}`,
      'users:',
      '- name: u',
      '  user:',
      '    token: t0k3n',
      'contexts:',
      '- name: fake',
      '  context:',
      '    cluster: fake',
      '    user: u',
      'current-context: fake',
      '',
    ].join('\n'),
  );
}, BUILD_TIMEOUT);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the built launcher with the module log on; version --client gets an empty kubeconfig. */
async function start(args: string[], kubeconfig: string, extraEnv: Record<string, string> = {}): Promise<Started> {
  const log = path.join(dir, `modules-${++runs}.log`);
  const env = {
    ...extraEnv,
    PATH: process.env.PATH,
    HOME: home,
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: path.join(dir, `cache-${runs}`),
    KTL_MODULE_LOG: log,
  };
  const child = spawn(process.execPath, ['--import', pathToFileURL(hook).href, launcher, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const text = await readFile(log, 'utf8').catch(() => {
    throw new Error(`no module log from ${args.join(' ')} (exit ${code}): ${stderr}`);
  });
  const lines = text.split('\n').filter(Boolean);
  const files: string[] = [];
  const inputs = new Set<string>();
  for (const l of lines) {
    if (!l.startsWith('file:')) continue;
    const file = fileURLToPath(l);
    if (!file.startsWith(dist + path.sep)) continue;
    const rel = path.relative(dist, file);
    if (files.includes(rel)) continue;
    files.push(rel);
    const ins = outputs.get(file);
    // every file loaded from dist/ is one the metafile describes, else the inputs below would miss some
    if (!ins) throw new Error(`${file} is not among the build's outputs`);
    for (const i of ins) inputs.add(i);
  }
  const builtins = lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length));
  return { code, stdout, stderr, files, inputs, builtins };
}

/** 'source imports module' for each forbidden import made by a source the start loaded */
const importing = (s: Started) => [...s.inputs].flatMap((i) => (importsOf.get(i) ?? []).filter((m) => NEVER_IMPORTED.includes(m)).map((m) => `${i} imports ${m}`));
const loaded = (s: Started, patterns: string[]) => [...s.inputs].filter((i) => patterns.some((p) => matches(i, p))).sort();
/** 'within', or the count and the files loaded, to see in the failure what came onto the path */
const within = (s: Started, max: number) => (s.files.length <= max ? 'within' : `${s.files.length} files (at most ${max}): ${s.files.join(' ')}`);

describe('startup: the modules a start of ktl loads', () => {
  test('every forbidden source is in the bundle (a path that names nothing would check nothing)', () => {
    for (const p of [...NEVER_IN_VERSION, ...NEVER_IN_GET]) expect([p, [...allInputs].some((i) => matches(i, p))]).toEqual([p, true]);
  });

  test(
    'version --client: few files; no YAML, printers, sorter, -f reader, plugins, kuberc or child_process',
    async () => {
      const empty = path.join(dir, 'empty-kubeconfig');
      await writeFile(empty, '');
      const s = await start(['version', '--client'], empty);
      expect({ code: s.code, stdout: s.stdout }).toEqual({ code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n' });
      expect(s.files[0]).toBe('ktl.js');
      expect(s.inputs).toContain('src/commands/version.ts');
      expect(within(s, MAX_FILES.version)).toBe('within');
      expect(loaded(s, NEVER_IN_VERSION)).toEqual([]);
      expect(s.builtins).toContain('fs');
      expect(await forbiddenBuiltins(s)).toEqual([]);
      expect(importing(s)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  test(
    'get ns default: few files; no YAML printer, JSONPath/template/custom-columns printers, sorter, -f reader, plugins, kuberc or child_process',
    async () => {
      server.clearRequests();
      const s = await start(['get', 'ns', 'default'], path.join(dir, 'kubeconfig'));
      expect({ code: s.code, stdout: s.stdout, stderr: s.stderr }).toEqual({ code: 0, stdout: 'NAME      STATUS   AGE\ndefault   Active   5d\n', stderr: '' });
      expect(server.unexpected).toEqual([]);
      // the server's Table was printed: the path of a real `get`
      expect(server.requestsTo('/api/v1/namespaces/default')[0]?.headers.accept).toMatch(/;as=Table;/);
      expect(s.inputs).toContain('src/commands/get/run.ts');
      expect(s.inputs).toContain('src/config/codec.ts');
      expect(s.inputs).toContain('src/codec/yaml-plain.ts');
      expect(within(s, MAX_FILES.get)).toBe('within');
      expect(loaded(s, NEVER_IN_GET)).toEqual([]);
      // the built-ins seen are the child's: it spoke HTTP to the fake server
      expect(s.builtins).toContain('http');
      expect(await forbiddenBuiltins(s)).toEqual([]);
      expect(importing(s)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  test(
    'control: get -o jsonpath loads the JSONPath printer, and the check sees it',
    async () => {
      server.clearRequests();
      const s = await start(['get', 'ns', 'default', '-o', 'jsonpath={.status.phase}'], path.join(dir, 'kubeconfig'));
      expect({ code: s.code, stdout: s.stdout, stderr: s.stderr }).toEqual({ code: 0, stdout: 'Active', stderr: '' });
      expect(server.unexpected).toEqual([]);
      expect(loaded(s, NEVER_ON_STARTUP)).toContain('src/printers/jsonpath.ts');
    },
    RUN_TIMEOUT,
  );

  test(
    'control: LANG=de_DE.UTF-8 loads the German catalogue and no other, and the check sees it',
    async () => {
      const empty = path.join(dir, 'empty-kubeconfig');
      await writeFile(empty, '');
      const s = await start(['version', '--client'], empty, { LANG: 'de_DE.UTF-8' });
      expect({ code: s.code, stdout: s.stdout }).toEqual({ code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n' });
      expect(loaded(s, ['src/i18n/data/'])).toEqual(['src/i18n/data/de_DE.json']);
    },
    RUN_TIMEOUT,
  );
});
