/**
 * Which flags a `create` subcommand takes: cobra parses every flag of the
 * line against the command that runs (its own and the global flags), so
 * create's own flags (-o, --dry-run, -f, --edit ...) are unknown to a group
 * (`create secret`, `create service`) or to a generator that lacks them
 * (`create token`), wherever they stand on the line. Texts and exit codes as
 * kubectl.1.33 printed them (binary name aside).
 */
import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';

const run = (...args: string[]) => runKtl(args, { env: { KUBECONFIG: '/dev/null' } });
const unknown = (path: string, text: string) => ({ code: 1, stdout: '', stderr: `error: ${text}\nSee 'ktl ${path} --help' for usage.\n` });

describe('create groups and generators refuse flags that are not theirs', () => {
  test.each([
    [['create', 'secret', '-o', 'yaml'], 'create secret', "unknown shorthand flag: 'o' in -o"],
    [['create', 'secret', '--dry-run=client'], 'create secret', 'unknown flag: --dry-run'],
    [['create', 'secret', 'foo', '-o', 'yaml'], 'create secret', "unknown shorthand flag: 'o' in -o"],
    [['create', '-o', 'yaml', 'secret'], 'create secret', "unknown shorthand flag: 'o' in -o"],
    [['create', 'secret', '-n', 'x', '--output', 'yaml'], 'create secret', 'unknown flag: --output'],
    [['create', 'secret', '-oyaml'], 'create secret', "unknown shorthand flag: 'o' in -oyaml"],
    [['create', 'service', '-o', 'yaml'], 'create service', "unknown shorthand flag: 'o' in -o"],
    [['create', 'svc', '--dry-run'], 'create service', 'unknown flag: --dry-run'],
    [['create', 'deployment', 'd', '--image=x', '-f', 'foo'], 'create deployment', "unknown shorthand flag: 'f' in -f"],
    [['create', 'ns', 'x', '--edit'], 'create namespace', 'unknown flag: --edit'],
    [['create', 'ns', 'x', '--windows-line-endings'], 'create namespace', 'unknown flag: --windows-line-endings'],
    [['create', 'ns', 'x', '--raw', '/x'], 'create namespace', 'unknown flag: --raw'],
    [['create', 'ns', 'x', '--record'], 'create namespace', 'unknown flag: --record'],
    [['create', 'pdb', 'p', '-l', 'a=b'], 'create poddisruptionbudget', "unknown shorthand flag: 'l' in -l"],
    [['create', 'token', 'sa1', '--dry-run=client', '-o', 'yaml'], 'create token', 'unknown flag: --dry-run'],
    [['create', 'token', 'sa1', '--save-config'], 'create token', 'unknown flag: --save-config'],
  ])('%j', async (args, path, text) => {
    expect(await run(...args)).toEqual(unknown(path, text));
  });

  test('a group without flags: an unknown word is an unknown command; alone, the help', async () => {
    expect(await run('create', 'secret', 'foo')).toEqual({ code: 1, stdout: '', stderr: 'error: unknown command "foo"\nSee \'ktl create secret -h\' for help and examples\n' });
    expect(await run('create', 'secret', '-n', 'x', 'foo', 'bar')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown command "foo bar"\nSee \'ktl create secret -h\' for help and examples\n',
    });
    const help = await run('create', 'secret', '-v', '2');
    expect(help.code).toBe(1);
    expect(help.stderr).toMatch(/^Create a secret with specified type\./);
  });

  test('the flags a generator shares with create still work wherever they stand', async () => {
    expect(await run('create', '-o', 'name', 'secret', 'generic', 'x', '--from-literal=a=b', '--dry-run=client')).toEqual({ code: 0, stdout: 'secret/x\n', stderr: '' });
    expect(await run('create', 'pdb', 'p', '--selector=a=b', '--min-available=1', '--dry-run=client', '-o', 'name')).toEqual({
      code: 0,
      stdout: 'poddisruptionbudget.policy/p\n',
      stderr: '',
    });
  });
});

describe('deprecated --dry-run spellings warn through klog, as kubectl does', () => {
  // a local time: klog's header is in local time
  const now = () => new Date(2026, 11, 7, 14, 21, 25, 536);
  const header = (line: number) => `W1207 14:21:25.536000 ${String(process.pid).padStart(7)} helpers.go:${line}] `;
  const create = (...flags: string[]) => runKtl(['create', 'deployment', 'd1', '--image=nginx', '-o', 'name', ...flags], { env: { KUBECONFIG: '/dev/null' }, now });

  test.each([
    [['--dry-run'], `${header(703)}--dry-run is deprecated and can be replaced with --dry-run=client.\n`],
    [['--dry-run=client', '--dry-run'], `${header(703)}--dry-run is deprecated and can be replaced with --dry-run=client.\n`],
    [['--dry-run=true'], `${header(717)}--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.\n`],
    [['--dry-run=T'], `${header(717)}--dry-run=T is deprecated (boolean value) and can be replaced with --dry-run=client.\n`],
    [['--dry-run=1'], `${header(717)}--dry-run=1 is deprecated (boolean value) and can be replaced with --dry-run=client.\n`],
  ])('%j', async (flags, stderr) => {
    expect(await create(...flags)).toEqual({ code: 0, stdout: 'deployment.apps/d1\n', stderr });
  });

  test('the last spelling wins: --dry-run=False then --dry-run=client says nothing', async () => {
    expect(await create('--dry-run=False', '--dry-run=client')).toEqual({ code: 0, stdout: 'deployment.apps/d1\n', stderr: '' });
  });
});
