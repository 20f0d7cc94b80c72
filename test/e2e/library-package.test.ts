/**
 * The library as a user gets it: the packed tarball installed as a
 * dependency of a temporary project, `import { connect } from 'ktl'` from
 * plain Node (against the shared cluster) and type-checked from TypeScript
 * through package.json "exports"; importing it loads none of the CLI, and
 * nothing reaches the process streams. Also prints the import time beside
 * `node -e 0` (a figure for the report; not asserted).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kubeconfigPath, repoRoot, runProcess } from './cluster-env.js';

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktl-libpkg-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
  const info = JSON.parse(out)[0] as { filename: string; files: Array<{ path: string }> };
  files = info.files.map((f) => f.path);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module', dependencies: { ktl: `file:./${info.filename}` } }));
  const inst = await runProcess('npm', ['--cache', path.join(dir, 'cache'), '--no-audit', '--no-fund', '--offline', 'install'], { cwd: dir, timeoutMs: 120_000 });
  if (inst.code !== 0) throw new Error(inst.stderr);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (args: string[], env: Record<string, string> = {}) => runProcess(process.execPath, args, { cwd: dir, env });

describe('the ktl package as a library', () => {
  test('ships the library bundle and its declarations', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/lib.js', 'dist/types/lib/index.d.ts', 'dist/types/lib/client.d.ts', 'dist/types/lib/types.d.ts', 'bin/ktl.js', 'dist/ktl.cjs']));
    const pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules/ktl/package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/types/lib/index.d.ts', import: './dist/lib.js' });
  });

  test("import { connect } from 'ktl': reads, typed errors, format; nothing printed, no CLI module loaded", async () => {
    writeFileSync(
      path.join(dir, 'hook.mjs'),
      "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.LOADED, url + '\\n'); return next(url, context); }\n",
    );
    writeFileSync(path.join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n");
    writeFileSync(
      path.join(dir, 'main.mjs'),
      `import { writeFileSync } from 'node:fs';
import { connect, format, NotFoundError } from 'ktl';
const k = await connect();
const ns = await k.get('namespace', 'kube-system');
let notFound;
try { await k.get('namespace', 'no-such-namespace-for-ktl'); } catch (e) { notFound = [e instanceof NotFoundError, e.statusCode, e.message]; }
// a server warning, with no onWarning: dropped, not printed
const dry = await k.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lib-pkg-dry', namespace: 'default' }, bogus: true }, { dryRun: 'server', validate: 'Warn' });
const table = await k.format([ns], 'table');
const name = await format(ns, 'name');
k.close();
writeFileSync(process.env.RESULT, JSON.stringify({ uid: ns.metadata.uid, notFound, dry: dry.map((r) => r.operation), table: table.split('\\n')[0], name }));
`,
    );
    const loaded = path.join(dir, 'loaded.txt');
    const result = path.join(dir, 'result.json');
    writeFileSync(loaded, '');
    const r = await node(['--import', './register.mjs', 'main.mjs'], { KUBECONFIG: kubeconfigPath, LOADED: loaded, RESULT: result });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const res = JSON.parse(readFileSync(result, 'utf8'));
    expect(res.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.notFound).toEqual([true, 404, 'namespaces "no-such-namespace-for-ktl" not found']);
    expect(res.dry).toEqual(['created']);
    expect(res.table).toMatch(/^NAME +STATUS +AGE$/);
    expect(res.name).toBe('namespace/kube-system\n');
    const modules = readFileSync(loaded, 'utf8').split('\n').filter((u) => u.includes('/node_modules/ktl/'));
    expect(modules[0]).toMatch(/\/node_modules\/ktl\/dist\/lib\.js$/);
    const cli = modules.filter((u) => /CommanderError|controls the Kubernetes cluster manager|registerCommands/.test(readFileSync(new URL(u), 'utf8')));
    expect(cli).toEqual([]);
    expect(modules.some((u) => u.endsWith('/dist/ktl.cjs'))).toBe(false);
  });

  test('the declarations type-check a user program (exports -> types) and catch misuse', async () => {
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, typeRoots: [path.join(repoRoot, 'node_modules/@types')], types: ['node'] },
        files: ['use.ts'],
      }),
    );
    const program = `import { connect, format, NotFoundError, ConflictError, type KubeObject, type ApplyResult } from 'ktl';
interface Deployment extends KubeObject { spec?: { replicas?: number } }
const k = await connect({ context: 'ktl-dev', namespace: 'default', onWarning: (w: string) => void w });
const d: Deployment = await k.get<Deployment>('deployment', 'web');
const n: number | undefined = d.spec?.replicas;
const all: Deployment[] = await k.list<Deployment>('deployments', { labelSelector: 'app=web' });
const r: ApplyResult[] = await k.apply('kind: ConfigMap', { serverSide: true });
for await (const ev of k.watch('pods', { signal: AbortSignal.timeout(1000) })) { const t: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' = ev.type; void t; }
const st = await k.rolloutStatus('deployment', 'web', { timeout: '2m' });
const done: boolean = st.done;
await k.scale('deployment', 'web', 3);
await k.waitFor('deployment/web', 'condition=Available', { timeout: 30_000 });
await k.delete('deployment', 'web', { wait: false });
const s: string = await format(all, 'yaml');
try { await k.get('pod', 'x'); } catch (e) { if (e instanceof NotFoundError || e instanceof ConflictError) { const c: number = e.statusCode; void c; } }
void [n, r, done, s];
`;
    writeFileSync(path.join(dir, 'use.ts'), program);
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const ok = await node([tsc, '-p', 'tsconfig.json']);
    expect({ code: ok.code, out: ok.stdout }).toEqual({ code: 0, out: '' });
    writeFileSync(path.join(dir, 'use.ts'), `${program}await k.scale('deployment', 'web', 'three');\nawait connect({ contxt: 'x' });\n`);
    const bad = await node([tsc, '-p', 'tsconfig.json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain("use.ts(17,");
    expect(bad.stdout).toContain("'contxt' does not exist in type 'ConnectOptions'");
  });

  test('import time, beside node -e 0 (printed for the report)', async () => {
    const runs = 7;
    const time = async (args: string[]) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        const r = await node(args);
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
        expect(r.code).toBe(0);
      }
      return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    };
    const bare = await time(['-e', '0']);
    const lib = await time(['--input-type=module', '-e', "await import('ktl')"]);
    const cli = await time([path.join(dir, 'node_modules/ktl/bin/ktl.js'), 'version', '--client']);
    process.stdout.write(`ktl library import: median ${lib.toFixed(0)} ms; node -e 0: ${bare.toFixed(0)} ms; ktl version --client: ${cli.toFixed(0)} ms\n`);
  });
});
