/**
 * Acceptance for the local cluster's kubelet API (issue 12), with the reference
 * kubectl: `exec` (kwok runs the command on this host, as an unprivileged user,
 * in the pod's work dir) and `cp`, which runs tar through exec.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, referenceKubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { createPods, execUid, givePodWorkDir, kubectlStreaming, removePodFiles, runBinary, runInTerminal, withoutStreamNotice } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-exec');
let workDir = '';
let tmp = '';

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { box: {} });
  workDir = await givePodWorkDir(NS, 'box');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelet-exec-'));
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** kubectl's result, its stderr without the stream-setup notice (see withoutStreamNotice) */
const clean = (r: ProcResult): ProcResult => ({ ...r, stderr: withoutStreamNotice(r.stderr) });
const exec = async (...args: string[]) => clean(await kubectlStreaming(['-n', NS, 'exec', 'box', ...args]));

describe('kubectl exec against kwok', () => {
  test('stdout and stderr are kept apart', async () => {
    expect(await exec('--', 'sh', '-c', 'echo out; echo err >&2')).toEqual({ code: 0, stdout: 'out\n', stderr: 'err\n' });
  });

  test('a command exiting 3: kubectl says so and exits 3', async () => {
    expect(await exec('--', 'sh', '-c', 'echo before; exit 3')).toEqual({
      code: 3,
      stdout: 'before\n',
      stderr: 'command terminated with exit code 3\n',
    });
  });

  test('runs unprivileged, in the pod work dir, never as root', async () => {
    const r = await exec('--', 'sh', '-c', 'id -u; pwd; echo $KWOK_EXEC');
    expect(r).toEqual({ code: 0, stdout: `${execUid}\n${workDir}\ntrue\n`, stderr: '' });
    if (process.getuid?.() === 0) expect(execUid).toBe(65534);
  });

  test('-i: 10 MB of stdin through cat come back byte-identical', async () => {
    const data = randomBytes(10 * 1024 * 1024);
    const r = await runBinary(referenceKubectl!, ['-n', NS, 'exec', '-i', 'box', '--', 'cat'], data);
    expect(withoutStreamNotice(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(data.length);
    expect(r.stdout.equals(data)).toBe(true);
  });

  test('-i: end of input reaches the command', async () => {
    const r = clean(await kubectlStreaming(['-n', NS, 'exec', '-i', 'box', '--', 'wc', '-l'], { input: 'a\nb\nc\n' }));
    expect(r).toEqual({ code: 0, stdout: '3\n', stderr: '' });
  });

  test('-it under a terminal: a tty, typed input, output and exit code', async () => {
    const r = await runInTerminal(
      [referenceKubectl!, '-n', NS, 'exec', '-it', 'box', '--', 'sh', '-c', 'tty; read x; echo "got:$x"; exit 5'],
      { ready: /\/dev\/pts\/\d+/, keys: ['hello', 'Enter'] },
    );
    expect(r.screen).toMatch(/^\/dev\/pts\/\d+$/m);
    expect(r.screen).toMatch(/^got:hello\r?$/m);
    expect(r.screen).toMatch(/^command terminated with exit code 5$/m);
    expect(r.code).toBe(5);
  });
});

function tree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) Object.assign(out, tree(p, base));
    else out[path.relative(base, p)] = readFileSync(p).toString('base64');
  }
  return out;
}

describe('kubectl cp against kwok', () => {
  test('a file to the pod and back, byte-identical', async () => {
    const data = randomBytes(300 * 1024);
    writeFileSync(path.join(tmp, 'up.bin'), data);
    const up = clean(await kubectl(['-n', NS, 'cp', path.join(tmp, 'up.bin'), 'box:up.bin']));
    expect(up).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(workDir, 'up.bin')).equals(data)).toBe(true);
    const down = clean(await kubectl(['-n', NS, 'cp', 'box:up.bin', path.join(tmp, 'down.bin')]));
    expect(down).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(tmp, 'down.bin')).equals(data)).toBe(true);
  });

  test('a directory to the pod and back, byte-identical', async () => {
    const src = path.join(tmp, 'dir');
    mkdirSync(path.join(src, 'sub', 'deeper'), { recursive: true });
    writeFileSync(path.join(src, 'a.txt'), 'alpha\n');
    writeFileSync(path.join(src, 'sub', 'b.bin'), randomBytes(64 * 1024));
    writeFileSync(path.join(src, 'sub', 'deeper', 'c.txt'), '');
    const want = tree(src);
    const up = clean(await kubectl(['-n', NS, 'cp', src, 'box:d']));
    expect(up).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(tree(path.join(workDir, 'd'))).toEqual(want);
    const down = clean(await kubectl(['-n', NS, 'cp', 'box:d', path.join(tmp, 'back')]));
    expect(down).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(tree(path.join(tmp, 'back'))).toEqual(want);
  });
});
