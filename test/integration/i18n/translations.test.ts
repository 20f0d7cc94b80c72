/**
 * kubectl's translations: with LANG (or LC_MESSAGES, LC_ALL) naming one of
 * kubectl's languages, help prints kubectl's translated summaries, long
 * descriptions, examples and flag texts. The files in test/golden/i18n are
 * the stdout of kubectl 1.33 (/usr/lib/google-cloud-sdk/bin/kubectl.1.33)
 * for the same line and environment (recorded with `env -i PATH=/usr/bin:/bin
 * LANG=... kubectl.1.33 ...`); ktl, called kubectl, must print the same bytes.
 * The lines of kubectl's own test (test/cmd/help.sh, run_kubectl_help_tests)
 * are checked for every language it names.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../../src/cli.js';
import { fakeContext } from '../../helpers/fake-io.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../golden/i18n');

async function kubectl(args: string[], env: Record<string, string>, binName = 'kubectl'): Promise<{ code: number; stdout: string; stderr: string }> {
  const { ctx, out, err } = fakeContext({ env });
  ctx.binName = binName;
  const code = await run(['node', binName, ...args], ctx);
  return { code, stdout: out.text, stderr: err.text };
}

/** ktl's own commands, which kubectl has not, are the one thing its root help adds. */
function withoutKtlExtensions(help: string): string {
  return help.replace(/ktl Extensions \(not in kubectl\):\n(?: {2}.*\n)*\n/, '');
}

describe('help in kubectl languages (recorded from kubectl 1.33)', () => {
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['de_DE.help.txt', ['help'], { LANG: 'de_DE.UTF8' }],
    ['ko_KR.help.txt', ['help'], { LANG: 'en_US.UTF-8', LC_MESSAGES: 'de_DE.UTF-8', LC_ALL: 'ko_KR.UTF-8' }],
    ['zh_CN.uncordon.txt', ['uncordon', '--help'], { LANG: 'zh_CN.UTF-8' }],
    ['it_IT.explain.txt', ['explain', '--help'], { LANG: 'it_IT.UTF-8' }],
    ['pt_BR.rollout.txt', ['rollout', '--help'], { LANG: 'pt_BR.UTF-8' }],
    ['ja_JP.config.txt', ['config', '--help'], { LANG: 'de_DE.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }],
    ['de_DE.drain.txt', ['drain', '--help'], { LANG: 'de_DE.UTF-8' }],
    // no dot in the value: kubectl stays English
    ['de_DE-nodot.uncordon.txt', ['uncordon', '--help'], { LANG: 'de_DE' }],
  ];
  test.each(cases)('%s', async (file, args, env) => {
    const r = await kubectl(args, env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(withoutKtlExtensions(r.stdout)).toBe(readFileSync(path.join(GOLDEN, file), 'utf8'));
  });
});

describe('shell completion in kubectl languages (recorded from kubectl 1.33)', () => {
  test.each([
    ['de_DE.complete-rollout.txt', ['__complete', 'rollout', ''], { LANG: 'de_DE.UTF-8' }],
    ['zh_CN.complete-expose-flags.txt', ['__complete', 'expose', '--p'], { LANG: 'zh_CN.UTF-8' }],
  ])('%s', async (file, args, env) => {
    const r = await kubectl(args, { ...env, KUBECONFIG: '/nonexistent' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(GOLDEN, file), 'utf8'));
  });
});

describe("kubectl's test/cmd/help.sh lines", () => {
  const help: Array<[string, string]> = [
    ['de_DE.UTF8', 'Verändere kubeconfig Dateien'],
    ['en_US.UTF8', 'Modify kubeconfig files'],
    ['fr_FR.UTF8', 'Modifier des fichiers kubeconfig'],
    ['it_IT.UTF8', 'Modifica i file kubeconfig'],
    ['ja_JP.UTF8', 'kubeconfigを変更する'],
    ['ko_KR.UTF8', 'kubeconfig 파일을 수정합니다'],
    ['pt_BR.UTF8', 'Edita o arquivo kubeconfig'],
    ['zh_CN.UTF8', '修改 kubeconfig 文件'],
    ['zh_TW.UTF8', '修改 kubeconfig 檔案'],
  ];
  test.each(help)('LANG=%s kubectl help', async (lang, line) => {
    const r = await kubectl(['help'], { LANG: lang });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  config          ${line}\n`);
  });
  const uncordon: Array<[string, string]> = [
    ['de_DE.UTF-8', 'Markiere Knoten als schedulable.'],
    ['en_US.UTF-8', 'Mark node as schedulable.'],
    ['fr_FR.UTF-8', 'Mark node as schedulable.'],
    ['it_IT.UTF-8', 'Contrassegna il nodo come programmabile.'],
    ['ja_JP.UTF-8', 'Mark node as schedulable.'],
    ['ko_KR.UTF-8', 'Mark node as schedulable.'],
    ['pt_BR.UTF-8', 'Remove a restrição de execução de workloads no node.'],
    ['zh_CN.UTF-8', '标记节点为可调度。'],
    ['zh_TW.UTF-8', 'Mark node as schedulable.'],
  ];
  test.each(uncordon)('LANG=%s kubectl uncordon --help', async (lang, line) => {
    const r = await kubectl(['uncordon', '--help'], { LANG: lang });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`${line}\n\n`)).toBe(true);
  });
});

test('under the name ktl a translated example calls ktl', async () => {
  const r = await kubectl(['create', 'namespace', '--help'], { LANG: 'zh_CN.UTF-8' }, 'ktl');
  expect(r.stdout).toContain('Examples:\n  # 创建一个名为 my-namespace 的新命名空间\n  ktl create namespace my-namespace\n\n');
});
