/**
 * `ktl create <generator> ... --dry-run=client -o yaml|json` against what
 * kubectl.1.33 printed for the same arguments (test/golden/create, recorded
 * offline by record.mjs), byte for byte; and bad input: same stderr and exit code.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKtl } from '../../helpers/fake-io.js';

const golden = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../golden/create');
const fixtures = path.join(golden, 'fixtures');
interface Case {
  name: string;
  args: string[];
}
const cases = JSON.parse(readFileSync(path.join(golden, 'cases.json'), 'utf8')) as Case[];
const errors = JSON.parse(readFileSync(path.join(golden, 'errors.json'), 'utf8')) as Case[];

function withFlags(args: string[], fmt: string): string[] {
  const dash = args.indexOf('--');
  const flags = ['--dry-run=client', '-o', fmt];
  return dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
}
const run = (args: string[]) => runKtl(args, { cwd: fixtures, env: { KUBECONFIG: '/dev/null' } });

describe('create generators match kubectl.1.33 (client dry run)', () => {
  test.each(cases.flatMap((c) => ['yaml', 'json'].map((fmt) => [c.name, fmt, c] as const)))('%s -o %s', async (name, fmt, c) => {
    const r = await run(withFlags(c.args, fmt));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toBe(readFileSync(path.join(golden, `${name}.${fmt}`), 'utf8'));
  });

  test.each(errors.map((c) => [c.name, c] as const))('error: %s', async (name, c) => {
    const expected = JSON.parse(readFileSync(path.join(golden, `${name}.err`), 'utf8'));
    const r = await run(withFlags(c.args, 'yaml'));
    expect(r).toEqual(expected);
  });

  test('default output and -o name: the created line with (dry run), no request', async () => {
    expect(await run(['create', 'deployment', 'web', '--image=nginx', '--dry-run=client'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web created (dry run)\n',
      stderr: '',
    });
    expect(await run(['create', 'secret', 'generic', 's', '--from-literal=a=b', '--dry-run=client', '-o', 'name'])).toEqual({
      code: 0,
      stdout: 'secret/s\n',
      stderr: '',
    });
  });

  test('--save-config on a generated object: the annotation holds the struct-ordered JSON', async () => {
    const r = await run(['create', 'ns', 'a', '--dry-run=client', '-o', 'yaml', '--save-config']);
    expect(r.stdout).toBe(`apiVersion: v1
kind: Namespace
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a","creationTimestamp":null},"spec":{},"status":{}}
  creationTimestamp: null
  name: a
spec: {}
status: {}
`);
  });
});
