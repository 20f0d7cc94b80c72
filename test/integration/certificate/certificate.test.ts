/**
 * `ktl certificate approve|deny` against the fake API server: the body PUT to
 * the approval subresource (kubectl's condition appended), the retry after a
 * conflict, and nothing sent when the condition is already there.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, statusBody, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-certificate-');
const ktl = (...args: string[]) =>
  runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir, now: () => new Date('2026-01-02T03:04:05.678Z') });

const CSR = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const csr = (name: string, rv: string, conditions?: unknown[]) => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name, resourceVersion: rv },
  spec: { request: 'eA==', signerName: 'example.com/x', usages: ['client auth'] },
  status: conditions ? { conditions } : {},
});
function serve(): void {
  s.server.discovery([
    ...standardResources(),
    { group: 'certificates.k8s.io', version: 'v1', name: 'certificatesigningrequests', singularName: 'certificatesigningrequest', kind: 'CertificateSigningRequest', namespaced: false, shortNames: ['csr'], subresources: ['approval', 'status'] },
  ]);
}
const puts = () => s.server.requests.filter((r) => r.method === 'PUT').map((r) => `${r.path} ${r.body}`);

describe('certificate', () => {
  test('approve PUTs the CSR with the Approved condition to /approval; a conflict is retried with a fresh read', async () => {
    serve();
    s.server.on('GET', `${CSR}/a`, { body: csr('a', '1') }, { body: csr('a', '1') }, { body: csr('a', '2') });
    s.server.on('PUT', `${CSR}/a/approval`, { status: 409, body: statusBody(409, 'Conflict', 'the object has been modified') }, (req) => ({ body: JSON.parse(req.body) }));
    const r = await ktl('certificate', 'approve', 'a');
    expect(r).toEqual({ code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/a approved\n', stderr: '' });
    const cond = '{"type":"Approved","status":"True","reason":"KubectlApprove","message":"This CSR was approved by kubectl certificate approve.","lastUpdateTime":"2026-01-02T03:04:05Z","lastTransitionTime":null}';
    expect(puts()).toEqual([
      `${CSR}/a/approval {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"a","resourceVersion":"1"},"spec":{"request":"eA==","signerName":"example.com/x","usages":["client auth"]},"status":{"conditions":[${cond}]}}`,
      `${CSR}/a/approval {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"a","resourceVersion":"2"},"spec":{"request":"eA==","signerName":"example.com/x","usages":["client auth"]},"status":{"conditions":[${cond}]}}`,
    ]);
  });

  test('already denied: nothing sent without --force, the same CSR sent again with it; approving it fails', async () => {
    serve();
    const denied = { type: 'Denied', status: 'True', reason: 'X', message: 'no' };
    s.server.json('GET', `${CSR}/d`, csr('d', '4', [denied]));
    s.server.on('PUT', `${CSR}/d/approval`, (req) => ({ body: JSON.parse(req.body) }));
    expect(await ktl('certificate', 'deny', 'd', '-o', 'name')).toEqual({ code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/d\n', stderr: '' });
    expect(puts()).toEqual([]);
    expect((await ktl('certificate', 'deny', 'd', '--force')).code).toBe(0);
    expect(puts()).toEqual([`${CSR}/d/approval ${JSON.stringify(csr('d', '4', [denied]))}`]);
    expect(await ktl('certificate', 'approve', 'd')).toEqual({ code: 1, stdout: '', stderr: 'error: certificate signing request "d" is already Denied\n' });
    expect(s.server.unexpected).toEqual([]);
  });
});
