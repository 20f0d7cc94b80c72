/**
 * `ktl certificate approve|deny` against kubectl.1.33 on CertificateSigningRequests
 * this test creates (twin sets with unique names, deleted at the end): the
 * same stdout, stderr and exit codes, and the same conditions on the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, repoRoot, uniqueNamespace, type ProcResult } from './cluster-env.js';

const PREFIX = uniqueNamespace('ktl-csr');
const A = `${PREFIX}-a`;
const B = `${PREFIX}-b`;
const NAMES = ['p', 'q', 'r', 's', 't'];
const REQUEST = Buffer.from(readFileSync(path.join(repoRoot, 'test/e2e/fixtures/describe/csr-minimal.pem'))).toString('base64');
const csrs = (set: string) =>
  NAMES.map(
    (n) => `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: ${set}-${n}}
spec: {request: ${REQUEST}, signerName: example.com/ktl-e2e, usages: [client auth]}
`,
  ).join('---\n');

beforeAll(async () => {
  const r = await kubectl(['create', '-f', '-'], { input: csrs(A) + '---\n' + csrs(B) });
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await kubectl(['delete', 'csr', '--wait=false', '--ignore-not-found', ...[A, B].flatMap((s) => NAMES.map((n) => `${s}-${n}`))]);
});

const VARYING = /("?(uid|resourceVersion|creationTimestamp|lastUpdateTime|lastTransitionTime)"?: ).*/gm;
const norm = (r: ProcResult, set: string) => ({
  ...r,
  stdout: r.stdout.replaceAll(set, 'SET').replace(VARYING, '$1X').replace(/^( {1,2}|Use ")kubectl(.1.33)?/gm, '$1ktl'),
  stderr: r.stderr.replaceAll(set, 'SET').replace(/kubectl(\.1\.33)?/g, 'ktl'),
});
/** `@x` in an argument names CSR x of the set each binary works on */
async function both(args: string[]) {
  const on = (set: string) => args.map((a) => a.replace(/@(\w)/g, `${set}-$1`));
  const [a, b] = await Promise.all([ktl(['certificate', ...on(A)]), kubectl(['certificate', ...on(B)])]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return b;
}
const conditions = async (set: string) => {
  const r = await kubectl([
    'get', 'csr', ...NAMES.map((n) => `${set}-${n}`), '-o',
    'jsonpath={range .items[*]}{.metadata.name} {range .status.conditions[*]}{.type} {.status} {.reason} {.message};{end}{"\\n"}{end}',
  ]);
  return r.stdout.replaceAll(set, 'SET');
};

describe('certificate, ktl vs kubectl.1.33', () => {
  test('help and usage errors', async () => {
    for (const args of [[], ['foo'], ['approve', '--help'], ['deny', '-h'], ['approve'], ['deny', '@p', '-o', 'wide']]) {
      await both(args);
    }
  });

  test('approve, again (unchanged), --force, deny an approved one; several with a missing one; -o name/yaml/json', async () => {
    expect((await both(['approve', '@p'])).stdout).toBe(`certificatesigningrequest.certificates.k8s.io/${B}-p approved\n`);
    await both(['approve', '@p']);
    await both(['approve', '@p', '--force', '-o', 'yaml']);
    expect(await both(['deny', '@p'])).toMatchObject({ code: 1, stderr: `error: certificate signing request "${B}-p" is already Approved\n` });
    expect((await both(['deny', '@q', '@r', 'nope-ktl-e2e'])).code).toBe(1);
    await both(['approve', '@q', 'nope-ktl-e2e', '@r']);
    await both(['approve', 'csr/@s', '-o', 'json']);
    await both(['deny', '@t', '-o', 'name']);
    await both(['approve', '@t', '@s', '-o', 'yaml']);
    const left = await conditions(A);
    expect(left).toBe(await conditions(B));
    expect(left).toBe(
      [
        'SET-p Approved True KubectlApprove This CSR was approved by kubectl certificate approve.;',
        'SET-q Denied True KubectlDeny This CSR was denied by kubectl certificate deny.;',
        'SET-r Denied True KubectlDeny This CSR was denied by kubectl certificate deny.;',
        'SET-s Approved True KubectlApprove This CSR was approved by kubectl certificate approve.;',
        'SET-t Denied True KubectlDeny This CSR was denied by kubectl certificate deny.;',
        '',
      ].join('\n'),
    );
  });

  test('TYPE/NAME of a namespaced kind: kubectl\'s builder has no namespace, so nothing is done', async () => {
    const before = [await conditions(A), await conditions(B)];
    const r = await both(['approve', '@t', 'pod/x']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: namespace may not be empty when retrieving a resource by name\n' });
    expect([await conditions(A), await conditions(B)]).toEqual(before);
  });

  test('-f with a CSR and with another kind; no rights', async () => {
    const [ya, yb] = await Promise.all([A, B].map(async (set) => (await kubectl(['get', 'csr', `${set}-p`, '-o', 'yaml'])).stdout));
    const [fa, fb] = await Promise.all([
      ktl(['certificate', 'approve', '-f', '-'], { input: ya }),
      kubectl(['certificate', 'approve', '-f', '-'], { input: yb }),
    ]);
    expect(norm(fa, A)).toEqual(norm(fb, B));
    expect(fa.stdout).toBe(`certificatesigningrequest.certificates.k8s.io/${A}-p approved\n`);
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-root-ca.crt, namespace: default}\n`;
    const [a, b] = await Promise.all([ktl(['certificate', 'approve', '-f', '-'], { input: cm }), kubectl(['certificate', 'approve', '-f', '-'], { input: cm })]);
    expect(a).toEqual(b);
    expect(a.stderr).toBe('error: can only handle CertificateSigningRequest.certificates.k8s.io objects, got ConfigMap\n');
    await both(['--context', 'ktl-dev-viewer', 'deny', '@p']);
  });
});
