/**
 * The subcommands added with diff/explain, against kubectl.1.33 on the real
 * cluster: create ingress / poddisruptionbudget / token, set serviceaccount /
 * subject / selector. Each runs in twin namespaces (ktl in A, kubectl in B)
 * on the same objects; printed bytes (namespace names swapped), exit codes
 * and the resulting objects must be equal.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-more-a');
const B = uniqueNamespace('ktl-more-b');
const CRB = { a: `${A}-crb`, b: `${B}-crb` };

const SETUP = (ns: string, crb: string) => [
  ['-n', ns, 'create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.9', '--replicas=0'],
  ['-n', ns, 'create', 'rolebinding', 'rb', '--role=admin', '--user=a'],
  ['create', 'clusterrolebinding', crb, '--clusterrole=view', '--user=a'],
  ['-n', ns, 'create', 'service', 'clusterip', 's', '--tcp=80:80'],
  ['-n', ns, 'create', 'serviceaccount', 'robot'],
];

beforeAll(async () => {
  await createTwins(A, B);
  for (const [ns, crb] of [[A, CRB.a], [B, CRB.b]] as const) {
    for (const args of SETUP(ns, crb)) expect((await kubectl(args)).code).toBe(0);
  }
});
afterAll(async () => {
  await kubectl(['delete', 'clusterrolebinding', CRB.a, CRB.b, '--ignore-not-found']);
  await removeTwins(A, B);
});

const norm = (r: ProcResult, ns: string, crb: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(crb, 'CRB').replaceAll(ns, 'NS').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID').replace(/(resourceVersion|creationTimestamp)(": |: )"[^"]*"/g, '$1$2X').replace(/"time": "[^"]+"|time: "[^"]+"/g, 'TIME').replace(/\b10\.\d+\.\d+\.\d+\b/g, 'IP').replace(/(Time|time)(": |: )"\d{4}-[^"]+"/g, '$1$2T'),
  stderr: r.stderr.replaceAll(crb, 'CRB').replaceAll(ns, 'NS').replaceAll('ktl', 'kubectl'),
});

/** The same command in both namespaces (NS and CRB in args are replaced). */
async function both(args: string[]) {
  const sub = (ns: string, crb: string) => args.map((a) => a.replaceAll('CRB', crb).replaceAll('NS', ns));
  const t = await ktl(['-n', A, ...sub(A, CRB.a)]);
  const k = await kubectl(['-n', B, ...sub(B, CRB.b)]);
  const nt = norm(t, A, CRB.a);
  const nk = norm(k, B, CRB.b);
  expect(nt).toEqual(nk);
  return nk;
}

async function sameObject(ref: string, path: string) {
  const get = async (ns: string, crb: string) =>
    (await kubectl(['-n', ns, 'get', ref.replaceAll('CRB', crb), '-o', `jsonpath=${path}`])).stdout.replaceAll(ns, 'NS');
  expect(await get(A, CRB.a)).toBe(await get(B, CRB.b));
}

describe('create ingress / poddisruptionbudget / token', () => {
  test('create ingress and pdb on the server, -o name and plain, server dry run -o yaml', async () => {
    expect((await both(['create', 'ingress', 'ing', '--class=default', '--rule=foo.com/bar*=s:80,tls=cert', '--rule=foo.com/x=s:http', '--annotation=a=b'])).code).toBe(0);
    await sameObject('ingress/ing', '{.spec}{.metadata.annotations}');
    expect((await both(['create', 'ingress', 'ing2', '--default-backend=s:80', '--dry-run=server', '-o', 'yaml'])).code).toBe(0);
    expect((await both(['create', 'pdb', 'p', '--selector=app=web,tier in (a,b)', '--min-available=50%', '-o', 'name'])).code).toBe(0);
    await sameObject('pdb/p', '{.spec}');
    expect((await both(['create', 'poddisruptionbudget', 'p'])).code).toBe(1);
    const dup = await both(['create', 'pdb', 'p', '--selector=app=web', '--max-unavailable=1']);
    expect(dup.stderr).toContain('failed to create poddisruptionbudgets: poddisruptionbudgets.policy "p" already exists');
    const dupIng = await both(['create', 'ingress', 'ing', '--default-backend=s:80']);
    expect(dupIng.stderr).toContain('failed to create ingress: ');
  });

  test('create token: a JWT without newline when piped, the TokenRequest with -o, kubectl\'s checks', async () => {
    const [t, k] = await Promise.all([ktl(['-n', A, 'create', 'token', 'robot', '--duration=10m', '--audience=x']), kubectl(['-n', B, 'create', 'token', 'robot', '--duration=10m', '--audience=x'])]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(k.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { aud: string[]; exp: number; iat: number; sub: string };
    const ct = claims(t.stdout);
    const ck = claims(k.stdout);
    expect(ct.aud).toEqual(ck.aud);
    expect(ct.exp - ct.iat).toBe(ck.exp - ck.iat);
    expect(ct.sub).toBe(`system:serviceaccount:${A}:robot`);
    const y = await both(['create', 'token', 'robot', '--bound-object-kind=Secret', '--bound-object-name=nope', '-o', 'jsonpath={.kind} {.spec.boundObjectRef} {.spec.expirationSeconds}']);
    expect(y.code).toBe(1);
    const j = await both(['create', 'token', 'robot', '-o', 'jsonpath={.kind} {.apiVersion} {.spec.audiences} {.spec.expirationSeconds}']);
    expect(j.code).toBe(0);
    expect((await both(['create', 'token', 'nobody'])).stderr).toBe('error: failed to create token: serviceaccounts "nobody" not found\n');
    for (const bad of [['--duration=-1s'], ['--duration=1500ms'], ['--audience='], ['--bound-object-name=x'], ['--bound-object-uid=x'], ['--bound-object-kind=Job'], ['--bound-object-kind=Pod']]) {
      expect((await both(['create', 'token', 'robot', ...bad])).code).toBe(1);
    }
  });
});

describe('set serviceaccount / subject / selector', () => {
  test('set serviceaccount: prints even when unchanged, server dry run -o yaml, an object without pod template', async () => {
    expect((await both(['set', 'serviceaccount', 'deploy', 'web', 'robot', '--dry-run=server', '-o', 'yaml'])).code).toBe(0);
    expect((await both(['set', 'sa', 'deployment/web', 'robot'])).stdout).toBe('deployment.apps/web serviceaccount updated\n');
    await sameObject('deploy/web', '{.spec.template.spec.serviceAccountName}');
    expect((await both(['set', 'sa', 'deployment/web', 'robot'])).stdout).toBe('deployment.apps/web serviceaccount updated\n');
    expect((await both(['set', 'sa', 'rolebinding', 'rb', 'robot'])).code).toBe(1);
    expect((await both(['set', 'sa'])).stderr).toBe('error: serviceaccount is required\n');
  });

  test('set subject: users, groups, service accounts (namespace defaulted), no-op prints nothing, kubectl\'s checks', async () => {
    expect((await both(['set', 'subject', 'rolebinding', 'rb', '--user=b', '--user=a', '--group=g', '--serviceaccount=:robot', '--serviceaccount=other:x'])).code).toBe(0);
    await sameObject('rolebinding/rb', '{.subjects}');
    expect(await both(['set', 'subject', 'rolebinding', 'rb', '--user=a'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await both(['set', 'subject', 'clusterrolebinding', 'CRB', '--serviceaccount=NS:robot', '-o', 'yaml'])).code).toBe(0);
    await sameObject('clusterrolebinding/CRB', '{.subjects}');
    expect((await both(['set', 'subject', 'clusterrolebinding', 'CRB', '--serviceaccount=:robot'])).code).toBe(1);
    expect((await both(['set', 'subject', 'rolebinding', 'rb'])).code).toBe(1);
    expect((await both(['set', 'subject', 'rolebinding', 'rb', '--serviceaccount=bad'])).code).toBe(1);
    expect((await both(['set', 'subject', 'deploy', 'web', '--user=x'])).code).toBe(1);
  });

  test('set selector: replaces a Service selector, refuses other kinds and expressions', async () => {
    expect((await both(['set', 'selector', 'svc', 's', 'app=web,tier=x'])).stdout).toBe('service/s selector updated\n');
    await sameObject('svc/s', '{.spec.selector}');
    expect((await both(['set', 'selector', 'svc', 's', 'app=other', '--dry-run=server', '-o', 'json'])).code).toBe(0);
    expect((await both(['set', 'selector', 'svc', 's', 'app in (x)'])).code).toBe(1);
    expect((await both(['set', 'selector', 'deploy', 'web', 'app=x'])).code).toBe(1);
    expect((await both(['set', 'selector', 'svc', 's'])).code).toBe(1);
  });
});
