/**
 * Flags before the command name, as kubectl 1.33 finds the command (cobra's
 * stripFlags: an unknown flag or one that takes a value takes the next word
 * unless at most one word follows) and then, when no command was found,
 * falls back to a plugin, which a leading flag makes an error.
 */
import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';

describe('flags before the command name', () => {
  const cases: Array<[string[], string]> = [
    [['--foo', 'get', 'pods'], 'Error: flags cannot be placed before plugin name: --foo\n'],
    [['-x', 'get'], "error: unknown shorthand flag: 'x' in -x\nSee 'ktl --help' for usage.\n"],
    [['-x', 'get', '--help'], "error: unknown shorthand flag: 'x' in -x\nSee 'ktl --help' for usage.\n"],
    [['--foo', 'nosuch'], "error: unknown flag: --foo\nSee 'ktl --help' for usage.\n"],
    [['--foo=1', 'get'], "error: unknown flag: --foo\nSee 'ktl get --help' for usage.\n"],
    [['-xyz', 'get'], "error: unknown shorthand flag: 'x' in -xyz\nSee 'ktl get --help' for usage.\n"],
    [['rollout', '--foo', 'status', 'deploy', 'x'], "error: unknown flag: --foo\nSee 'ktl rollout --help' for usage.\n"],
  ];
  test.each(cases.map(([args, stderr]) => ({ line: args.join(' '), args, stderr })))('$line', async ({ args, stderr }) => {
    const r = await runKtl(args, { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: '', stderr, code: 1 });
  });
});
