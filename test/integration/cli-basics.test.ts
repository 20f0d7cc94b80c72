import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../helpers/fake-io.js';

describe('cli basics', () => {
  test('unknown flag is reported in pflag words with exit 1', async () => {
    const r = await runKtl(['version', '--bogus-flag']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown flag: --bogus-flag\nSee 'ktl version --help' for usage.\n");
  });

  test.each([
    [['version', '-a=x'], 'a', '-a=x', 'ktl version'],
    [['version', '-Qx'], 'Q', '-Qx', 'ktl version'],
    // -o is create's, not create secret's: pflag names the word as typed
    [['create', 'secret', '-o=yaml'], 'o', '-o=yaml', 'ktl create secret'],
    [['create', 'secret', 'generic', 's', '-f=x'], 'f', '-f=x', 'ktl create secret generic'],
  ])('%j: an unknown shorthand is named with the whole word, as pflag does', async (args, letter, word, path) => {
    expect(await runKtl(args)).toEqual({ code: 1, stdout: '', stderr: `error: unknown shorthand flag: '${letter}' in ${word}\nSee '${path} --help' for usage.\n` });
  });

  test('unknown command names the binary', async () => {
    const r = await runKtl(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: unknown command "frobnicate" for "ktl"\n');
  });

  test('root help lists command groups and the kubectl footer', async () => {
    const r = await runKtl(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Other Commands:\n');
    expect(r.stdout).toContain('\n  version ');
    expect(r.stdout.endsWith('Use "ktl options" for a list of global command-line options (applies to all commands).\n')).toBe(true);
  });

  test('global flags are accepted after the verb', async () => {
    const r = await runKtl(['version', '--client', '--context', 'x', '-n', 'ns']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n/);
  });
});
