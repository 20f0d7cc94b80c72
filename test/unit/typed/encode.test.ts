/**
 * The typed round trip (src/typed/encode.ts over the struct description in
 * src/typed/structs.ts): what encoding/json writes for k8s.io/api v0.33.1's
 * structs after a decode. The expected values follow kubectl.1.33's output
 * for the same documents (set image --local -o json).
 */
import { describe, expect, test } from '@jest/globals';
import { encodeStruct, rfc3339Utc, structFieldShapes, typedRoundTrip, typedStructOf } from '../../../src/typed/encode.js';
import { TYPED_KINDS, TYPED_STRUCTS } from '../../../src/typed/structs.js';
import type { JsonMap } from '../../../src/codec/value.js';

const keys = (v: unknown) => Object.keys(v as object);

describe('the struct description', () => {
  test('every struct parses and every type it names is described', () => {
    for (const name of Object.keys(TYPED_STRUCTS)) expect(() => encodeStruct({}, name)).not.toThrow();
    for (const name of Object.values(TYPED_KINDS)) expect(TYPED_STRUCTS[name]).toBeDefined();
  });

  test('the kinds set commands take, and older versions kubectl still decodes', () => {
    for (const k of ['v1/Pod', 'v1/ReplicationController', 'apps/v1/Deployment', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet', 'batch/v1/Job', 'batch/v1/CronJob', 'extensions/v1beta1/Deployment', 'batch/v1beta1/CronJob']) {
      const [gv, kind] = [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)];
      expect([k, typedStructOf(gv, kind)]).toEqual([k, expect.any(String)]);
    }
    expect(typedStructOf('v1', 'Service')).toBeUndefined();
    expect(typedStructOf('apps/v1', 'PodTemplate')).toBeUndefined();
  });

  test('field shapes, as debug --custom reads a container', () => {
    const shapes = Object.fromEntries(structFieldShapes('Container'));
    expect(shapes).toMatchObject({ name: 'string', command: 'list', resources: 'object', restartPolicy: 'object', stdin: 'bool', livenessProbe: 'object' });
  });
});

describe('struct order', () => {
  test('kind before apiVersion, ObjectMeta and Container in declaration order', () => {
    const out = typedRoundTrip({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ tty: true, image: 'i', name: 'c' }] }, metadata: { labels: { a: 'b' }, name: 'p' } });
    expect(keys(out)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status']);
    expect(keys((out as JsonMap).metadata)).toEqual(['name', 'creationTimestamp', 'labels']);
    expect(keys(((out as { spec: { containers: JsonMap[] } }).spec.containers[0]))).toEqual(['name', 'image', 'resources', 'tty']);
  });

  test('inline structs are flattened in place (a probe handler before the probe timings)', () => {
    expect(keys(encodeStruct({ periodSeconds: 3, httpGet: { port: 80 } }, 'Probe'))).toEqual(['httpGet', 'periodSeconds']);
  });
});

describe('zero values of absent fields', () => {
  const deploy = typedRoundTrip({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }) as JsonMap;

  test('a non-pointer struct is its own zero encoding; a metav1.Time null', () => {
    expect(deploy).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd', creationTimestamp: null },
      spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} },
      status: {},
    });
  });

  test('"" for a string without omitempty, 0 for an integer or int-or-string, false for a bool', () => {
    expect(encodeStruct({}, 'Container')).toEqual({ name: '', resources: {} });
    expect(encodeStruct({}, 'ContainerPort')).toEqual({ containerPort: 0 });
    expect(encodeStruct({}, 'HTTPGetAction')).toEqual({ port: 0 });
    expect(encodeStruct({ name: 'c' }, 'ContainerStatus')).toMatchObject({ name: 'c', state: {}, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '' });
  });

  test('null is the same as absent', () => {
    expect(encodeStruct({ name: null, image: null, resources: null }, 'Container')).toEqual({ name: '', resources: {} });
  });
});

describe('present zero values', () => {
  test('left out under omitempty ("", 0, false, [], {} of a map)', () => {
    const c = encodeStruct({ name: 'c', image: '', args: [], stdin: false, workingDir: '', env: [] }, 'Container');
    expect(c).toEqual({ name: 'c', resources: {} });
    expect(encodeStruct({ name: 'm', labels: {}, generation: 0 }, 'meta.ObjectMeta')).toEqual({ name: 'm', creationTimestamp: null });
  });

  test('kept behind a pointer (replicas: 0, automountServiceAccountToken: false) and in a struct ({} stays {})', () => {
    const spec = encodeStruct({ replicas: 0, template: { spec: { automountServiceAccountToken: false, securityContext: {} } } }, 'apps.DeploymentSpec');
    expect(spec.replicas).toBe(0);
    expect(spec.template).toEqual({ metadata: { creationTimestamp: null }, spec: { containers: null, automountServiceAccountToken: false, securityContext: {} } });
  });

  test('kept where the field has no omitempty (an empty list stays [])', () => {
    expect(encodeStruct({ containers: [] }, 'PodSpec')).toEqual({ containers: [] });
  });
});

describe('fields the struct does not have', () => {
  test('are dropped, at any depth, matched case-sensitively', () => {
    const out = typedRoundTrip({ apiVersion: 'v1', kind: 'Pod', bogus: 1, metadata: { name: 'p', extra: 'x' }, spec: { futureField: 1, containers: [{ name: 'c', Image: 'upper', image: 'lower', unknown: true }] } });
    expect(out).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', creationTimestamp: null }, spec: { containers: [{ name: 'c', image: 'lower', resources: {} }] }, status: {} });
  });

  test('an object of a kind not described is returned as it is', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, bogus: 1 };
    expect(typedRoundTrip(svc)).toBe(svc);
    const other = { apiVersion: 'apps/v9', kind: 'Deployment' };
    expect(typedRoundTrip(other)).toBe(other);
  });
});

describe('lists and maps', () => {
  test('null list elements decode to the element zero value', () => {
    const c = encodeStruct({ name: 'c', args: ['a', null, ''], ports: [null], env: [null, { name: 'X' }] }, 'Container');
    expect(c).toEqual({ name: 'c', args: ['a', '', ''], ports: [{ containerPort: 0 }], env: [{ name: '' }, { name: 'X' }], resources: {} });
  });

  test('map keys sorted by their bytes, null values as the zero value', () => {
    const m = encodeStruct({ name: 'x', annotations: { é: '1', z: '2', A: '3', a: null } }, 'meta.ObjectMeta');
    expect(keys(m.annotations)).toEqual(['A', 'a', 'z', 'é']);
    expect((m.annotations as JsonMap).a).toBe('');
  });
});

describe('scalars with an encoding of their own', () => {
  test('int-or-string kept as given', () => {
    const s = encodeStruct({ maxSurge: '25%', maxUnavailable: 0 }, 'apps.RollingUpdateDeployment');
    expect(s).toEqual({ maxUnavailable: 0, maxSurge: '25%' });
    expect(encodeStruct({ port: '8080' }, 'TCPSocketAction')).toEqual({ port: '8080' });
  });

  test('quantities in canonical form, numbers read as their JSON text', () => {
    const r = encodeStruct(
      { limits: { cpu: '1000m', memory: '1.5Gi', a: 0.5, b: 100e6, c: '1e3', c2: 1e3, d: ' 2 ', e: '10Ti', f: 1073741824, g: null, h: 'not-a-quantity', i: '0.5Ki' } },
      'ResourceRequirements',
    );
    // a plain number is decimal ("1073741824", not "1Gi"); "1e3" keeps its exponent form, the number 1e3 is "1k"
    expect(r.limits).toEqual({ a: '500m', b: '100M', c: '1e3', c2: '1k', cpu: '1', d: '2', e: '10Ti', f: '1073741824', g: '0', h: 'not-a-quantity', i: '512', memory: '1536Mi' });
  });

  test('times in UTC to the second', () => {
    expect(encodeStruct({ name: 'n', creationTimestamp: '2024-02-29T23:59:59.999-05:30' }, 'meta.ObjectMeta').creationTimestamp).toBe('2024-03-01T05:29:59Z');
    expect(rfc3339Utc('2024-01-01T00:00:00+01:00')).toBe('2023-12-31T23:00:00Z');
    expect(rfc3339Utc('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(rfc3339Utc('yesterday')).toBeUndefined();
  });
});

test('encoding is idempotent', () => {
  const once = typedRoundTrip({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } } });
  expect(typedRoundTrip(once)).toEqual(once);
  expect(JSON.stringify(typedRoundTrip(once))).toBe(JSON.stringify(once));
});
