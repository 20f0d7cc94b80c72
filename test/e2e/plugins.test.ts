/**
 * kubectl's plugin mechanism, side by side with kubectl 1.33: the same PATH
 * of small shell-script plugins, the same command lines.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMMANDS } from '../../src/commands/index.js';
import { ktl, kubectl } from './cluster-env.js';

let root: string;
let env: Record<string, string>;

/** A plugin script: prints its name, argc and args, a marker variable and stdin; exits with $EXIT_WITH. */
function plugin(dir: string, name: string, mode = 0o755): void {
  const body = `#!/bin/sh
echo "${name} $# $*"
echo "marker=$MARKER"
[ -n "$READ_STDIN" ] && /bin/cat
echo "to-stderr ${name}" >&2
exit \${EXIT_WITH:-0}
`;
  writeFileSync(path.join(dir, name), body);
  chmodSync(path.join(dir, name), mode);
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ktl-plugins-'));
  for (const d of ['a', 'b', 'c']) mkdirSync(path.join(root, d));
  const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(root, d)) as [string, string, string];
  plugin(a, 'kubectl-foo');
  plugin(b, 'kubectl-foo'); // overshadowed by a/
  plugin(a, 'kubectl-foo-bar_baz');
  plugin(a, 'kubectl-foo-bar');
  plugin(b, 'kubectl-version'); // built-in wins
  plugin(b, 'kubectl-config-view'); // built-in subcommand wins
  plugin(b, 'kubectl-help-me'); // cobra's help command wins
  plugin(b, 'kubectl-create-thing'); // `create thing` has no built-in: the plugin runs
  plugin(b, 'kubectl-noexec', 0o644);
  mkdirSync(path.join(c, 'kubectl-adir')); // directories are not plugins
  plugin(c, 'kubectl-zed');
  env = { PATH: [a, b, path.join(root, 'missing'), '', c].join(':'), MARKER: 'm1' };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** kubectl prints its own command paths ("kubectl get"); ktl prints "ktl get". */
const asKtl = (s: string) => s.replaceAll('"kubectl ', '"ktl ').replaceAll(' for "kubectl"', ' for "ktl"');

async function both(args: string[], extra: Record<string, string> = {}, input?: string) {
  const opts = { env: { ...env, ...extra }, input };
  const [k, r] = await Promise.all([ktl(args, opts), kubectl(args, opts)]);
  return { k, r };
}

describe('plugin list', () => {
  test.each([[['plugin', 'list']], [['plugin', 'list', '--name-only']], [['plugin', 'list', 'extra', 'words']]])('%j equals kubectl (warnings, exit code)', async (args) => {
    const { k, r } = await both(args);
    expect(r.stdout).toContain('kubectl-foo-bar_baz\n');
    expect(r.stderr).toContain('is overshadowed by a similarly named plugin');
    expect(r.stderr).toContain('identified as a kubectl plugin, but it is not executable');
    expect(r.stderr).toContain('overwrites existing command: "kubectl config view"');
    expect(r.stderr).toContain('kubectl-help-me overwrites existing command: "kubectl help"');
    expect(k.stdout).toBe(r.stdout);
    expect(k.stderr).toBe(asKtl(r.stderr));
    expect(k.code).toBe(r.code);
  });

  test('no plugins on PATH: the same error', async () => {
    const { k, r } = await both(['plugin', 'list'], { PATH: path.join(root, 'missing') });
    expect(r.code).toBe(1);
    expect(k).toEqual(r);
  });

  test('a clean PATH lists and exits 0', async () => {
    const { k, r } = await both(['plugin', 'list'], { PATH: path.join(root, 'c') });
    expect(r).toEqual({ code: 0, stdout: `The following compatible plugins are available:\n\n${root}/c/kubectl-zed\n`, stderr: '' });
    expect(k).toEqual(r);
  });

  test('ktl also lists ktl- plugins', async () => {
    const d = mkdtempSync(path.join(root, 'own-'));
    plugin(d, 'ktl-mine');
    const r = await ktl(['plugin', 'list', '--name-only'], { env: { PATH: d } });
    expect(r).toEqual({ code: 0, stdout: 'The following compatible plugins are available:\n\nktl-mine\n', stderr: '' });
  });
});

describe('running plugins', () => {
  test('arguments, flags after the name, env, stdout/stderr and the exit code pass through', async () => {
    const { k, r } = await both(['foo', 'x', '-n', 'y', '--flag=z', 'a b'], { EXIT_WITH: '3' });
    expect(r).toEqual({ code: 3, stdout: 'kubectl-foo 5 x -n y --flag=z a b\nmarker=m1\n', stderr: 'to-stderr kubectl-foo\n' });
    expect(k).toEqual(r);
  });

  test('stdin reaches the plugin', async () => {
    const { k, r } = await both(['foo'], { READ_STDIN: '1' }, 'line one\nline two\n');
    expect(r.stdout).toBe('kubectl-foo 0 \nmarker=m1\nline one\nline two\n');
    expect(k).toEqual(r);
  });

  test('longest match first, dashes in words read as underscores', async () => {
    for (const args of [['foo', 'bar-baz', 'q'], ['foo', 'bar', 'q'], ['foo', 'other', 'bar']]) {
      const { k, r } = await both(args);
      expect(r.code).toBe(0);
      expect(k).toEqual(r);
    }
    const { k } = await both(['foo', 'bar-baz', 'q']);
    expect(k.stdout.split('\n')[0]).toBe('kubectl-foo-bar_baz 1 q');
  });

  test('built-in commands and subcommands win over plugins', async () => {
    const v = await both(['version', '--client']);
    expect(v.k.stdout).toMatch(/^Client Version: /);
    expect(v.r.stdout).toMatch(/^Client Version: /);
    const c = await both(['config', 'view', '--kubeconfig', path.join(root, 'none')]);
    expect(c.k.stdout).toBe(c.r.stdout);
    expect(c.k.stdout).toContain('apiVersion: v1');
  });

  test('create with no such built-in subcommand runs a create- plugin', async () => {
    const { k, r } = await both(['create', 'thing', 'x']);
    expect(r.stdout.split('\n')[0]).toBe('kubectl-create-thing 1 x');
    expect(k).toEqual(r);
  });

  test('a flag before the plugin name is refused as kubectl refuses it', async () => {
    const { k, r } = await both(['-n', 'x', 'foo']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error: flags cannot be placed before plugin name: -n\n' });
    expect(k).toEqual(r);
  });

  test('ktl- plugins are found before kubectl- plugins', async () => {
    const d = mkdtempSync(path.join(root, 'own-'));
    plugin(d, 'ktl-foo');
    const r = await ktl(['foo', 'z'], { env: { ...env, PATH: `${env.PATH}:${d}` } });
    expect(r.stdout.split('\n')[0]).toBe('ktl-foo 1 z');
  });
});

describe('unknown commands', () => {
  test.each([['lis'], ['convert', '--help'], ['list'], ['rm'], ['foo-bar'], ['aply', '-f', 'x'], ['Get'], ['confi']])(
    '%j: kubectl\'s error and suggestions among the commands ktl has',
    async (...args) => {
      const { k, r } = await both(args);
      expect(r.code).toBe(1);
      expect(k.code).toBe(1);
      expect(k.stdout).toBe('');
      // kubectl may suggest commands ktl does not have yet (ktl's are its command registry); every other line is the same
      const ktlNames = new Set(Object.keys(COMMANDS));
      const expected = asKtl(r.stderr)
        .split('\n')
        .filter((l) => !l.startsWith('\t') || ktlNames.has(l.slice(1)))
        .join('\n');
      const noSuggestions = !expected.includes('\n\t');
      expect(k.stderr).toBe(noSuggestions ? expected.replace(/\n\nDid you mean this\?\n$/, '\n') : expected);
    },
  );
});
