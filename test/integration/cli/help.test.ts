/**
 * ktl's help against kubectl 1.33's, byte for byte: `X --help` for every
 * command and subcommand ktl shares with kubectl, and the help command
 * (test/golden/help, recorded by its generate.mjs). Two normalisations only:
 * kubectl's name for itself becomes ktl's (not in URLs, annotation keys,
 * field manager or plugin names), and ktl's own flags (their help starts with
 * "ktl") and its extension group in root help are left out of ktl's text.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram, run } from '../../../src/cli.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
// @ts-expect-error: the recorder is plain JavaScript
import { makePluginFiles, readCases } from '../../golden/help/generate.mjs';

const dir = path.join(process.cwd(), 'test/golden/help');
const cases = (readCases as () => Array<{ name: string; args: string[] }>)();
const codes = JSON.parse(fs.readFileSync(path.join(dir, 'codes.json'), 'utf8')) as Record<string, number>;

/** ktl-only commands: no kubectl help to compare with. */
const KTL_ONLY = new Set(['capacity']);

/**
 * Cases whose text still differs from kubectl's, and why. Each is expected to
 * differ (test.failing), so one that comes to match must leave this list.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  edit: 'no --allow-missing-template-keys and --template (edit prints yaml or json only, as kubectl in practice)',
  completion: "ktl's own text: its completion asks ktl for candidates, and kubectl's install notes name kubectl's files",
  kustomize: 'no example building from github: the built-in kustomize refuses remote resources',
};

/** kubectl's text with ktl's name where kubectl names itself as the command to run. */
function fromKubectl(text: string): string {
  return text.replace(/(?<![\w./-])kubectl(?![\w.-])/g, 'ktl');
}

/** ktl's text without its own flags (help starting with "ktl") and its extension group. */
function withoutKtlExtras(text: string): string {
  return text.replace(/ {4}-[^\n]*:\n\tktl[^\n]*\n\n/g, '').replace(/ktl Extensions \(not in kubectl\):\n(?: {2}[^\n]*\n)*\n/, '');
}

function golden(name: string, ext: 'out' | 'err'): string {
  const file = path.join(dir, `${name}.${ext}`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe('help as kubectl 1.33 prints it', () => {
  test('the cases cover every command and subcommand ktl shares with kubectl', async () => {
    const program = await buildProgram(fakeContext().ctx, [], '*');
    const paths: string[] = [];
    const walk = (c: Command, prefix: string[]): void => {
      for (const s of c.commands) {
        // a hidden command's help (alpha's one sentence) is tested on its own, below
        if (s._hidden) continue;
        const p = [...prefix, s.name()];
        if (!KTL_ONLY.has(p[0]!)) paths.push(p.join(' '));
        walk(s, p);
      }
    };
    walk(program, []);
    const covered = cases.filter((c) => c.args[c.args.length - 1] === '--help').map((c) => c.args.slice(0, -1).join(' '));
    expect(covered.filter((p) => p !== '').sort()).toEqual(paths.sort());
  });

  for (const c of cases) {
    const run = KNOWN_DIFFERENCES[c.name] ? test.failing : test;
    run(`${c.args.join(' ')}${KNOWN_DIFFERENCES[c.name] ? ` (differs: ${KNOWN_DIFFERENCES[c.name]})` : ''}`, async () => {
      const r = await runKtl(c.args);
      expect(withoutKtlExtras(r.stdout)).toBe(fromKubectl(golden(c.name, 'out')));
      expect(withoutKtlExtras(r.stderr)).toBe(fromKubectl(golden(c.name, 'err')));
      expect(r.code).toBe(codes[c.name]);
    });
  }

  // README: linked as kubectl, ktl calls itself kubectl in help too (examples and descriptions)
  test.each(['get', 'logs', 'exec', 'attach', 'cp', 'port-forward', 'debug', 'events', 'top pod'])(
    '%s --help under the name kubectl: kubectl\'s own text',
    async (command) => {
      const c = cases.find((x) => x.args.join(' ') === `${command} --help`)!;
      const { ctx, out, err } = fakeContext();
      ctx.binName = 'kubectl';
      const code = await run(['node', 'kubectl', ...c.args], ctx);
      expect(withoutKtlExtras(out.text)).toBe(golden(c.name, 'out'));
      expect(err.text).toBe(golden(c.name, 'err'));
      expect(code).toBe(codes[c.name]);
    },
  );

  test('root help lists the plugins on PATH as kubectl does', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-help-plugins-'));
    try {
      (makePluginFiles as (dir: string) => void)(bin);
      const r = await runKtl(['--help'], { env: { PATH: bin } });
      expect(withoutKtlExtras(r.stdout)).toBe(fromKubectl(golden('root_plugins', 'out')));
      expect(r.code).toBe(codes.root_plugins);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test('help, help get and an unknown topic', async () => {
    const root = await runKtl(['--help']);
    expect(await runKtl(['help'])).toEqual(root);
    expect(await runKtl(['help', 'get'])).toEqual(await runKtl(['get', '--help']));
    const unknown = await runKtl(['help', 'nosuch']);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.startsWith('Unknown help topic [`nosuch`]\n\n\nBasic Commands (Beginner):\n')).toBe(true);
    expect(unknown.code).toBe(0);
    // several contexts (ktl extension): help prints its text once, as for one context
    expect(await runKtl(['help', 'get', '--context', 'a,b'])).toEqual(await runKtl(['get', '--help']));
  });

  test('an unknown flag beside -h/--help is an error, as pflag parses flags before cobra looks at help (kubectl.1.33 outputs)', async () => {
    const cases: Array<[string[], string, number]> = [
      [['get', '--bogus', '--help'], "error: unknown flag: --bogus\nSee 'ktl get --help' for usage.\n", 1],
      [['get', '-h', '--bogus=1'], "error: unknown flag: --bogus\nSee 'ktl get --help' for usage.\n", 1],
      [['get', '-h', 'pods', '-x'], "error: unknown shorthand flag: 'x' in -x\nSee 'ktl get --help' for usage.\n", 1],
      [['rollout', 'restart', '--record', '--help'], "error: unknown flag: --record\nSee 'ktl rollout restart --help' for usage.\n", 1],
      [['--bogus', '--help'], "error: unknown flag: --bogus\nSee 'ktl --help' for usage.\n", 1],
      // diff words flag errors as usage errors and exits 2 (kubectl's CheckDiffErr)
      [['diff', '--bogus', '-h'], "error: unknown flag: --bogus\nSee 'ktl diff -h' for help and examples\n", 2],
    ];
    for (const [args, stderr, code] of cases) {
      const r = await runKtl(args);
      expect({ args, stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ args, stdout: '', stderr, code });
    }
    // after `--` a flag is an argument: the help is printed
    const help = await runKtl(['get', '--help']);
    expect(help.code).toBe(0);
    expect(await runKtl(['get', '-h', '--', '--bogus'])).toEqual(help);
  });

  test('a flag without its value: pflag names a shorthand by its letter, a long flag by its name (kubectl.1.33 outputs)', async () => {
    const cases: Array<[string[], string]> = [
      [['get', 'pods', '-o'], "error: flag needs an argument: 'o' in -o\nSee 'ktl get --help' for usage.\n"],
      [['get', 'pods', '--output'], "error: flag needs an argument: --output\nSee 'ktl get --help' for usage.\n"],
      [['get', 'pods', '-n'], "error: flag needs an argument: 'n' in -n\nSee 'ktl get --help' for usage.\n"],
      [['get', 'pods', '-Ao'], "error: flag needs an argument: 'o' in -o\nSee 'ktl get --help' for usage.\n"],
      [['logs', '-c'], "error: flag needs an argument: 'c' in -c\nSee 'ktl logs --help' for usage.\n"],
      [['config', 'view', '-o'], "error: flag needs an argument: 'o' in -o\nSee 'ktl config view --help' for usage.\n"],
      [['--context'], "error: flag needs an argument: --context\nSee 'ktl --help' for usage.\n"],
      [['get', '--context'], "error: flag needs an argument: --context\nSee 'ktl get --help' for usage.\n"],
      // ktl's own flag for several contexts, in the same words
      [['get', 'pods', '--contexts'], "error: flag needs an argument: --contexts\nSee 'ktl get --help' for usage.\n"],
    ];
    for (const [args, stderr] of cases) {
      const r = await runKtl(args);
      expect({ args, stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ args, stdout: '', stderr, code: 1 });
    }
  });
});

describe('alpha: a hidden group with no command (kubectl 1.33)', () => {
  const sentence = 'No alpha commands are available in this version of kubectl\n';
  test.each([[['alpha']], [['alpha', '--help']], [['alpha', '-h', 'x']], [['alpha', 'x', 'y']], [['help', 'alpha']], [['alpha', '--context=nope']]])(
    '%j: the sentence on stderr, exit 0',
    async (args) => {
      expect(await runKtl(args)).toEqual({ code: 0, stdout: '', stderr: sentence });
    },
  );

  test('an unknown flag is still an error; root help and completion leave it out', async () => {
    expect(await runKtl(['alpha', '--bogus'])).toEqual({ code: 1, stdout: '', stderr: "error: unknown flag: --bogus\nSee 'ktl alpha --help' for usage.\n" });
    expect((await runKtl(['--help'])).stdout).not.toMatch(/alpha/);
    expect((await runKtl(['__complete', 'al'])).stdout).toBe(':4\n');
  });
});

describe('help under the name kubectl: kubectl\'s text as is', () => {
  test.each([
    ['cluster-info', ['cluster-info']],
    ['rollout_pause', ['rollout', 'pause']],
    ['wait', ['wait']],
    ['explain', ['explain']],
    ['create_deployment', ['create', 'deployment']],
  ])('%s --help (examples, descriptions and flag help name kubectl)', async (name, args) => {
    const { run } = await import('../../../src/cli.js');
    const { ctx, out } = fakeContext();
    const code = await run(['node', 'kubectl', ...args, '--help'], { ...ctx, binName: 'kubectl' });
    expect(code).toBe(0);
    expect(withoutKtlExtras(out.text)).toBe(golden(name, 'out'));
  });
});
