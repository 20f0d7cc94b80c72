/**
 * kubectl's name printer gives an object without a name as "<unknown>":
 * `auth whoami -o name` (a SelfSubjectReview has none), `create -f` of a
 * generateName manifest with --dry-run=client, with or without -o name.
 */
import { describe, expect, test } from '@jest/globals';
import { PrintFlags } from '../../../src/flags/print.js';
import { ObjectOutput } from '../../../src/mutate/output.js';
import { createPrinter } from '../../../src/printers/resource-printer.js';

const review = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: {} };
const generated = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { generateName: 'g-' } };

describe('name printer: objects without a name', () => {
  test('-o name prints <unknown> for the name', async () => {
    const p = await createPrinter(new PrintFlags().toOptions({ output: 'name' }), { cwd: '.' });
    let s = '';
    p.print(review, (t) => (s += t));
    p.print(generated, (t) => (s += t));
    expect(s).toBe('selfsubjectreview.authentication.k8s.io/<unknown>\nconfigmap/<unknown>\n');
  });
  test('the success line says <unknown> too', async () => {
    const out = new ObjectOutput(new PrintFlags().toOptions({}), '.', 'client');
    expect(await out.render(generated, 'created', true)).toBe('configmap/<unknown> created (dry run)\n');
  });
  test('a named object keeps its name', async () => {
    const p = await createPrinter(new PrintFlags().toOptions({ output: 'name' }), { cwd: '.' });
    let s = '';
    p.print({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } }, (t) => (s += t));
    expect(s).toBe('pod/p\n');
  });
});
