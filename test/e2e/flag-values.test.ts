/**
 * Flag values pflag refuses and closed output pipes, ktl vs kubectl.1.33 on
 * the real cluster (issue 10). Nothing is created: every line is refused
 * before a request, and the listing ones read a namespace of no one.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { kubeconfigPath, ktl, ktlBin, kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-flag-values');
const norm = (s: string) => s.replace(/kubectl[.\w]*/g, 'ktl');

describe('bad flag values: same stderr and exit code as kubectl', () => {
  test.each([
    [['get', 'pods', '-v=abc']],
    [['-v=999999999999', 'get', 'pods']],
    [['get', 'pods', '-w=abc']],
    [['get', 'pods', '-A=xyz']],
    [['get', 'pods', '--no-headers=2']],
    [['get', 'pods', '--chunk-size', 'abc']],
    [['config', 'view', '--raw', 'nope']],
    [['config', 'view', '--minify=maybe']],
    [['api-resources', '--namespaced', 'nope']],
    [['scale', '--timeout=zzz']],
    [['create', 'deployment', '--replicas=zzz']],
    [['logs', '--tail=zzz']],
    [['drain', '--timeout=zzz']],
    [['diff', '--concurrency=abc']],
  ])('%j', async (args) => {
    const [k, r] = await Promise.all([ktl(['-n', NS, ...args]), kubectl(['-n', NS, ...args])]);
    expect(r.code).not.toBe(0);
    expect({ code: k.code, stdout: k.stdout, stderr: k.stderr }).toEqual({ code: r.code, stdout: r.stdout, stderr: norm(r.stderr) });
  });
});

/** The status a shell shows: the exit code, or 128 + the signal's number. */
function runClosedStdout(cmd: string, args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, KUBECONFIG: kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.destroy();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ status: signal === 'SIGPIPE' ? 141 : signal ? 128 : (code ?? -1), stderr }));
  });
}

describe('a closed stdout: quiet, 141 as the shell shows for kubectl', () => {
  test.each([[['get', 'ns', '-o', 'json']], [['get', 'ns']], [['get', '--raw', '/api']], [['api-resources']]])('%j', async (args) => {
    const [k, r] = await Promise.all([runClosedStdout(process.execPath, [ktlBin, ...args]), runClosedStdout(referenceKubectl!, args)]);
    expect(r).toEqual({ status: 141, stderr: '' });
    expect(k).toEqual(r);
  });
});
