/**
 * Manifests nested up to kubectl's limit (issue 10): kubectl 1.33 reads
 * 10000 levels, the document's own object counted (spec 9999 levels down),
 * and refuses the next in JSON, flow and block YAML. ktl reads 1000 levels on
 * the main thread's stack; deeper documents that kubectl reads make the
 * launcher run the line again in a worker with a larger stack
 * (bin/large-stack.mjs). So this runs the real launcher on a bundle of the
 * current sources against the fake API server, and compares exit code,
 * stderr and stdout's length and sha256 with what kubectl.1.33 printed
 * (test/golden/nesting-depth, generate.mjs there). Cases marked heavy
 * (outputs of 25 to 400 MB) run with KTL_TEST_DEEP_OUTPUT=1.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuildOptions } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeApiServer } from '../fake-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const goldenDir = path.join(repoRoot, 'test/golden/nesting-depth');
interface Case {
  kind: string;
  depth: number;
  output: string;
  heavy?: boolean;
}
interface Expected {
  document: string;
  code: number;
  stderr: string;
  stdoutBytes: number;
  stdoutSha256: string;
}
const cases: Case[] = JSON.parse(readFileSync(path.join(goldenDir, 'cases.json'), 'utf8'));
const expected: Record<string, Expected> = JSON.parse(readFileSync(path.join(goldenDir, 'expected.json'), 'utf8'));
const heavy = process.env.KTL_TEST_DEEP_OUTPUT === '1';

/** The documents of generate.mjs: `spec` nested `depth` levels below the document's own object. */
function makeDocument(kind: string, depth: number): string {
  const head = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"spec":';
  const yamlHead = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nspec:';
  switch (kind) {
    case 'json': return `${head}${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    case 'json-array': return `${head}${'['.repeat(depth)}1${']'.repeat(depth)}}`;
    case 'flow': return `${yamlHead} ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    case 'flow-array': return `${yamlHead} ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    case 'block': return `${yamlHead}\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}a:${i === depth - 1 ? ' 1' : ''}`).join('\n')}\n`;
    case 'compact': return `${yamlHead}\n${'- '.repeat(depth)}1\n`;
    default: throw new Error(`unknown kind ${kind}`);
  }
}
const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

let dir: string;
let launcher: string;
let server: FakeApiServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-nesting-depth-'));
  await mkdir(path.join(dir, 'bin'));
  launcher = path.join(dir, 'bin/ktl.js');
  for (const f of ['ktl.js', 'load-cli.js', 'large-stack.mjs', 'package.json']) await copyFile(path.join(repoRoot, 'bin', f), path.join(dir, 'bin', f));
  // dist/ktl.cjs and dist/ktl.parts as npm run build makes them (HOME is the scratch folder: the launcher's compile cache goes there)
  const { buildCli } = (await import(path.join(repoRoot, 'scripts/bundle-options.mjs'))) as { buildCli: (o: BuildOptions) => Promise<unknown> };
  await buildCli({ outdir: path.join(dir, 'dist') });
  server = await FakeApiServer.start();
  server.discovery();
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stderr: string;
  stdoutBytes: number;
  stdoutSha256: string;
  stdout: string;
}

/** Runs the launcher; stdout is hashed as it comes (kept as text only when small). */
function ktl(args: string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, '--server', server.url, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: path.join(dir, 'none'), KUBECACHEDIR: path.join(dir, 'cache') },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const h = createHash('sha256');
    let bytes = 0;
    let small = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      h.update(d);
      bytes += d.length;
      if (bytes < 4096) small += d.toString('utf8');
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin?.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, stdoutBytes: bytes, stdoutSha256: h.digest('hex'), stdout: bytes < 4096 ? small : '' }));
  });
}

/** Writes the document under the name generate.mjs gives it (kubectl's errors name it). */
async function writeDocument(c: Case): Promise<string> {
  const doc = makeDocument(c.kind, c.depth);
  const name = c.kind.startsWith('json') ? 'deep.json' : 'deep.yaml';
  expect(sha256(doc)).toBe(expected[`${c.kind}-${c.depth}-${c.output}`]!.document);
  await writeFile(path.join(dir, name), doc);
  return name;
}

describe('create --dry-run=client -f at and past kubectl 1.33 depth limit: the bytes kubectl prints', () => {
  const run = cases.filter((c) => heavy || !c.heavy);
  test.each(run.map((c) => [`${c.kind} ${c.depth} -o ${c.output}`, c] as const))(
    '%s',
    async (_name, c) => {
      const file = await writeDocument(c);
      const r = await ktl(['create', '--dry-run=client', '--validate=false', '-o', c.output, '-f', file]);
      const { document: _doc, ...want } = expected[`${c.kind}-${c.depth}-${c.output}`]!;
      expect({ code: r.code, stderr: r.stderr, stdoutBytes: r.stdoutBytes, stdoutSha256: r.stdoutSha256 }).toEqual(want);
    },
    120_000,
  );
});

describe('the larger stack', () => {
  test('stdin already read is handed over; a warning printed before the -f read is printed once', async () => {
    const c: Case = { kind: 'flow-array', depth: 5000, output: 'yaml' };
    const want = expected['flow-array-5000-yaml']!;
    const r = await ktl(['create', '--dry-run', '--validate=false', '-o', 'yaml', '-f', '-'], makeDocument(c.kind, c.depth));
    expect({ code: r.code, stdoutSha256: r.stdoutSha256 }).toEqual({ code: 0, stdoutSha256: want.stdoutSha256 });
    expect(r.stderr.match(/--dry-run is deprecated/g)).toHaveLength(1);
  }, 60_000);

  test('several sources: the deep one among them, in order', async () => {
    const deep = await writeDocument({ kind: 'compact', depth: 5000, output: 'yaml' });
    await writeFile(path.join(dir, 'small.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n');
    const r = await ktl(['create', '--dry-run=client', '--validate=false', '-o', 'name', '-f', 'small.yaml', '-f', deep, '-f', 'small.yaml']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'configmap/small\nconfigmap/deep\nconfigmap/small\n', stderr: '' });
  }, 60_000);

  test('the server path: apply sends the deep object (one POST, after the GET that finds nothing)', async () => {
    const file = await writeDocument({ kind: 'json-array', depth: 9999, output: 'name' });
    server.status('GET', '/api/v1/namespaces/default/configmaps/deep', 404, 'NotFound', 'configmaps "deep" not found');
    // the body as sent (JSON.stringify on this stack could not write it again)
    server.on('POST', '/api/v1/namespaces/default/configmaps', (req) => ({ status: 201, headers: { 'Content-Type': 'application/json' }, body: req.body }));
    const r = await ktl(['apply', '--validate=false', '-f', file]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'configmap/deep created\n', stderr: '' });
    const post = server.requests.filter((q) => q.method === 'POST');
    expect(post).toHaveLength(1);
    // V8's JSON.parse does not recurse: it reads 9999 levels on this stack
    const sent = JSON.parse(post[0]!.body) as { spec: unknown; metadata: { annotations: Record<string, string> } };
    let v: unknown = sent.spec;
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect({ depth, leaf: v }).toEqual({ depth: 9999, leaf: 1 });
    expect(sent.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('['.repeat(9999) + '1');
  }, 60_000);
});
