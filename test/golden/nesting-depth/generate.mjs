// Records what kubectl.1.33 prints for manifests nested near its depth limit:
//
//   node test/golden/nesting-depth/generate.mjs [/path/to/kubectl.1.33]
//
// For each case of cases.json it writes the document (makeDocument below;
// test/integration/cli/nesting-depth.test.ts makes the same ones and checks
// their digest), runs `kubectl create --dry-run=client --validate=false -o
// OUTPUT -f FILE` against a small discovery server started here, and
// records in expected.json: the document's sha256, the exit code, stderr
// ("kubectl" as "ktl") and stdout's length and sha256 (outputs reach 400 MB).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** `spec` nested `depth` levels below the document's own object (total nesting depth + 1). */
export function makeDocument(kind, depth) {
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

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

const DISCOVERY = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['cm'] }] },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = http.createServer((req, res) => {
    const d = DISCOVERY[req.url.split('?')[0]];
    if (!d) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(d));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-nesting-depth-'));
  const expected = {};
  for (const c of JSON.parse(fs.readFileSync(path.join(here, 'cases.json'), 'utf8'))) {
    const name = `${c.kind}-${c.depth}-${c.output}`;
    const doc = makeDocument(c.kind, c.depth);
    const file = c.kind.startsWith('json') ? 'deep.json' : 'deep.yaml';
    fs.writeFileSync(path.join(dir, file), doc);
    const r = await runKubectl(['--server', url, 'create', '--dry-run=client', '--validate=false', '-o', c.output, '-f', file], dir);
    expected[name] = { document: sha256(doc), code: r.code, stderr: r.stderr.replace(/\bkubectl\b/g, 'ktl'), stdoutBytes: r.bytes, stdoutSha256: r.sha };
    process.stderr.write(`${name}: ${r.code} ${r.bytes}\n`);
  }
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  fs.rmSync(dir, { recursive: true });
  server.close();
}

/** Runs kubectl; stdout (up to 400 MB) is hashed as it comes. */
function runKubectl(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, args, { cwd, env: { PATH: process.env.PATH, HOME: cwd, KUBECONFIG: path.join(cwd, 'none') } });
    const h = createHash('sha256');
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (d) => {
      h.update(d);
      bytes += d.length;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, bytes, sha: h.digest('hex') }));
  });
}
