/**
 * `ktl explain` against kubectl.1.33 on the real cluster: the same requests
 * (types, field paths, --recursive, --api-version, both output formats, a
 * CRD with its own schema, and the error cases) must print the same bytes on
 * stdout and stderr with the same exit code.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl } from './cluster-env.js';

// every name unique to this run: CRDs are cluster-wide and other runs may still be deleting theirs
const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);
const GROUP = `ktlexplain${SUFFIX}.example.com`;
const PLURAL = `widgets${SUFFIX}`;
const SINGULAR = `widget${SUFFIX}`;
const SHORT = `wdg${SUFFIX}`;
const KIND = `Widget${SUFFIX}`;
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${PLURAL}.${GROUP}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: {plural: ${PLURAL}, singular: ${SINGULAR}, kind: ${KIND}, shortNames: [${SHORT}]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        description: A Widget is a made-up thing used to check that explain renders custom resources as kubectl does, including a description long enough to be wrapped.
        type: object
        required: [spec]
        properties:
          spec:
            type: object
            description: What the widget should be.
            required: [size]
            properties:
              size:
                type: string
                enum: [small, medium, large, huge, enormous]
                description: How big.
              parts:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    count: {type: integer, format: int32, minimum: 0}
              labels:
                type: object
                additionalProperties: {type: string}
              free:
                type: object
                x-kubernetes-preserve-unknown-fields: true
          status:
            type: object
            properties:
              ready: {type: boolean}
`;

async function same(args: string[]) {
  const [k, t] = await Promise.all([kubectl(['explain', ...args]), ktl(['explain', ...args])]);
  expect({ code: t.code, stdout: t.stdout, stderr: t.stderr.replaceAll('"ktl ', '"kubectl ') }).toEqual({ code: k.code, stdout: k.stdout, stderr: k.stderr });
  return k;
}

beforeAll(async () => {
  const r = await kubectl(['apply', '-f', '-'], { input: CRD });
  expect(r.code).toBe(0);
  await kubectl(['wait', '--for=condition=Established', `crd/${PLURAL}.${GROUP}`, '--timeout=60s']);
  // the aggregated OpenAPI publishes a new CRD a moment after it is Established
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await kubectl(['explain', `${PLURAL}.${GROUP}.spec.size`])).code !== 0) {
    await new Promise((r) => setTimeout(r, 500));
  }
}, 90_000);

afterAll(async () => {
  await kubectl(['delete', 'crd', `${PLURAL}.${GROUP}`, '--wait=false']);
});

describe('ktl explain vs kubectl explain', () => {
  const builtins = [
    ['pods'],
    ['deploy'],
    ['pods.spec.containers'],
    ['pods.spec.containers.name'],
    ['pods', '--recursive'],
    ['deployments.apps.spec'],
    ['svc.spec.type'],
    ['deploy', '--api-version=apps/v1'],
    ['cronjobs.spec.jobTemplate', '--recursive'],
    ['nodes.status'],
    ['crd.spec.versions.schema', '--recursive'],
    ['pods.metadata.labels'],
    ['pods.spec.hostname.foo'],
    ['hpa.spec.metrics'],
    ['ingresses.networking.k8s.io'],
    ['events.events.k8s.io'],
    ['pods.spec.containers.resources.limits'],
  ];
  test.each(builtins)('%s %s (plaintext and plaintext-openapiv2)', async (...args: string[]) => {
    const a = args.filter(Boolean);
    // the same bytes and exit code (some of these fail in kubectl too, e.g. events.events.k8s.io)
    await same(a);
    await same([...a, '--output=plaintext-openapiv2']);
  });

  test('a CRD with its own schema: whole, fields, enum, required, maps, arrays, --recursive, both formats', async () => {
    for (const a of [
      [`${PLURAL}.${GROUP}`],
      [SINGULAR],
      [`${SHORT}.spec`],
      [`${SHORT}.spec.size`],
      [`${SHORT}.spec.parts`],
      [`${SHORT}.spec.labels`],
      [`${SHORT}.spec.free`],
      [SHORT, '--recursive'],
      [SHORT, `--api-version=${GROUP}/v1`],
    ]) {
      const r = await same(a);
      expect(r.code).toBe(0);
      await same([...a, '--output=plaintext-openapiv2']);
    }
    const r = await same([`${SHORT}.spec.size`]);
    expect(r.stdout).toContain('ENUM:\n    small\n');
  });

  test("kubectl's errors: unknown type, unknown field (after the header), unknown version, bad format, bad arguments", async () => {
    expect((await same(['nosuchtype'])).stderr).toBe('the server doesn\'t have a resource type "nosuchtype"\n');
    const field = await same(['pods.spec.nosuchfield']);
    expect(field.code).toBe(1);
    expect(field.stdout).toBe('KIND:       Pod\nVERSION:    v1\n\n');
    expect((await same(['pods.spec.nosuchfield', '--output=plaintext-openapiv2'])).code).toBe(1);
    expect((await same(['deploy', '--api-version=apps/v9'])).code).toBe(1);
    expect((await same(['pods', '--output=yaml'])).stderr).toBe('error: unrecognized format: yaml\n');
    expect((await same([])).code).toBe(1);
    expect((await same(['pods', 'nodes'])).code).toBe(1);
    expect((await same(['pods[0]'])).code).toBe(1);
  });

  test('help', async () => {
    const [k, t] = await Promise.all([kubectl(['explain', '--help']), ktl(['explain', '--help'])]);
    expect(t.stdout.replaceAll('ktl', 'kubectl').replaceAll('\n\n', '\n  \n')).toBe(k.stdout.replaceAll('\n\n', '\n  \n'));
  });
});
