import { describe, expect, test } from '@jest/globals';
import { diffCommand, maskSecrets, objectFileName } from '../../../src/diff/run.js';

describe('diff helpers', () => {
  test('file names as kubectl names them', () => {
    expect(objectFileName('', 'v1', 'ConfigMap', 'ns', 'c')).toBe('v1.ConfigMap.ns.c');
    expect(objectFileName('apps', 'v1', 'Deployment', 'ns', 'd')).toBe('apps.v1.Deployment.ns.d');
    expect(objectFileName('', 'v1', 'Namespace', '', 'n')).toBe('v1.Namespace..n');
  });

  test('Secret masking: same, changed, added, removed keys; a missing side is null', () => {
    const from = { kind: 'Secret', apiVersion: 'v1', data: { same: 'YQ==', changed: 'MQ==', removed: 'eA==' } };
    const to = { kind: 'Secret', apiVersion: 'v1', data: { same: 'YQ==', changed: 'Mg==', added: 'eQ==' } };
    const [f, t] = maskSecrets(from, to);
    expect(f!.data).toEqual({ same: '***', changed: '*** (before)', removed: '***' });
    expect(t!.data).toEqual({ same: '***', changed: '*** (after)', added: '***' });
    expect(from.data.same).toBe('YQ==');
    const [none, created] = maskSecrets(undefined, to);
    expect(none).toBeNull();
    expect(created!.data).toEqual({ same: '***', changed: '***', added: '***' });
  });

  test('KUBECTL_EXTERNAL_DIFF: split on single spaces, only [a-zA-Z0-9=-] words kept, after the folders', () => {
    expect(diffCommand({}, 'L', 'M')).toEqual({ program: 'diff', args: ['-u', '-N', 'L', 'M'] });
    expect(diffCommand({ KUBECTL_EXTERNAL_DIFF: 'colordiff -N  -u ./x $y --a=b' }, 'L', 'M')).toEqual({
      program: 'colordiff',
      args: ['L', 'M', '-N', '-u', '--a=b'],
    });
  });
});
