/**
 * `ktl config` argument handling that the goldens cannot hold byte for byte
 * (kubectl prints its own help text there): exit codes and error lines.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';
import { prepareFixtures } from './golden-cases.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const inFixtures = (args: string[]) => {
  const dir = prepareFixtures();
  dirs.push(dir);
  return runKtl(['--kubeconfig', 'a.yaml', ...args], { cwd: dir, homeDir: dir });
};

describe('ktl config usage', () => {
  test('an unknown subcommand is a usage error', async () => {
    const r = await inFixtures(['config', 'frob']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: unknown command "frob"\nSee \'ktl config -h\' for help and examples\n' });
  });

  test('bare `config` prints its help with every subcommand on stderr and fails, as kubectl (DefaultSubCommandRun)', async () => {
    const r = await inFixtures(['config']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const sub of ['current-context', 'get-contexts', 'set-credentials', 'use-context', 'view']) {
      expect(r.stderr).toContain(`\n  ${sub} `);
    }
  });

  test('wrong argument counts print help, then kubectl\'s error', async () => {
    const r = await inFixtures(['config', 'use-context', 'a', 'b']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ktl config use-context minikube');
    expect(r.stderr).toBe('error: Unexpected args: [a b]\n');
    const set = await inFixtures(['config', 'set', 'only-one']);
    expect(set.stderr).toBe('error: Unexpected args: [only-one]\n');
  });

  test('set-cluster and set-credentials without exactly one name print help, then kubectl\'s error', async () => {
    for (const [sub, word] of [
      ['set-cluster', 'Unexpected'],
      ['set-credentials', 'unexpected'],
    ] as const) {
      const none = await inFixtures(['config', sub]);
      expect(none.code).toBe(1);
      expect(none.stdout).toContain(`ktl config ${sub} `);
      expect(none.stderr).toBe(`error: ${word} args: []\n`);
      const two = await inFixtures(['config', sub, 'a', 'b', '--embed-certs=false']);
      expect(two.code).toBe(1);
      expect(two.stderr).toBe(`error: ${word} args: [a b]\n`);
    }
  });

  test('set-credentials --exec-interactive-mode takes only kubectl\'s three modes, with kubectl\'s words', async () => {
    for (const mode of ['Bad', '', 'ifavailable']) {
      const r = await inFixtures(['config', 'set-credentials', 'u', `--exec-interactive-mode=${mode}`]);
      expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: invalid interactive mode type, can be only IfAvailable, Never, Always\n' });
    }
  });

  test('delete-context without a name prints help and succeeds, delete-user fails', async () => {
    const ctx = await inFixtures(['config', 'delete-context']);
    expect(ctx.code).toBe(0);
    expect(ctx.stdout).toContain('Delete the specified context from the kubeconfig.');
    const user = await inFixtures(['config', 'delete-user']);
    expect(user).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: user to delete is required\nSee 'ktl config delete-user -h' for help and examples\n",
    });
  });

  test('use alias and flags after the verb', async () => {
    const r = await inFixtures(['config', 'use', 'ctx-b']);
    expect(r).toEqual({ code: 0, stdout: 'Switched to context "ctx-b".\n', stderr: '' });
  });
});
