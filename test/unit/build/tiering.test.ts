/**
 * The launcher's tiering flag (bin/load-cli.js): set for an apply on the V8
 * versions it was measured with, never a flag a V8 does not know (that is an
 * error message on stderr), never over one node was started with.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { tieringFlag } = createRequire(import.meta.url)(path.join(repoRoot, 'bin/load-cli.js')) as {
  tieringFlag: (v8: string, execArgv: string[], argv: string[]) => string | undefined;
};

describe('tieringFlag', () => {
  test('an apply on Node 20 (V8 11.3) and Node 22 (V8 12): four times the default wait; Node 24 (V8 13) and others: none', () => {
    const apply = ['apply', '-f', 'dir/'];
    expect(tieringFlag('11.3.244.8-node.30', [], apply)).toBe('--interrupt-budget=270336');
    expect(tieringFlag('12.4.254.21-node.33', [], apply)).toBe('--invocation-count-for-turbofan=12000');
    expect(tieringFlag('13.6.233.10-node.27', [], apply)).toBeUndefined();
    expect(tieringFlag('11.8.172.17-node.19', [], apply)).toBeUndefined();
    expect(tieringFlag('not a version', [], apply)).toBeUndefined();
  });

  test('other commands keep the defaults (Node compiles its own modules without their cache under any other flag)', () => {
    expect(tieringFlag('11.3.244.8-node.30', [], ['get', 'pods'])).toBeUndefined();
    expect(tieringFlag('11.3.244.8-node.30', [], ['version', '--client'])).toBeUndefined();
    // global flags before the verb
    expect(tieringFlag('11.3.244.8-node.30', [], ['-n', 'ns', 'apply', '-f', '-'])).toBe('--interrupt-budget=270336');
  });

  test('node started with a tiering flag of its own: left as given', () => {
    expect(tieringFlag('11.3.244.8-node.30', ['--interrupt-budget=1000'], ['apply'])).toBeUndefined();
    expect(tieringFlag('12.4.254.21-node.33', ['--invocation-count-for-turbofan=5'], ['apply'])).toBeUndefined();
  });

  test('this Node knows the flag it gets: setting it prints nothing', () => {
    const flag = tieringFlag(process.versions.v8, [], ['apply']);
    const r = spawnSync(process.execPath, ['-e', `if (${JSON.stringify(flag ?? '')}) require('node:v8').setFlagsFromString(${JSON.stringify(flag ?? '')}); console.log('ok')`], { encoding: 'utf8' });
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: 'ok\n', stderr: '', status: 0 });
  });
});
