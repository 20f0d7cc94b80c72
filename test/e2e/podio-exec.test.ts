/**
 * ktl exec and attach against kubectl 1.33 on the same pod (kwok runs exec'd
 * commands on this host in the pod's work dir, attach follows the pod's
 * attach file): output streams kept apart, remote exit codes, 10 MB through
 * `cat` with -i, -t under a pseudo-terminal with a resize, refusals.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, ktlBin, kubectl, referenceKubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import {
  createPods,
  givePodAttach,
  givePodWorkDir,
  kubectlStreaming,
  removePodFiles,
  runBinary,
  runInTerminal,
  startBackground,
  until,
  withoutStreamNotice,
} from './kubelet-env.js';

const NS = uniqueNamespace('podio-exec');
let append: (lines: string[]) => void;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { box: { containers: ['app', 'side'] }, tail: {} });
  await givePodWorkDir(NS, 'box');
  append = await givePodAttach(NS, 'tail');
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
});

/** kubectl's stderr without client-go's stream-setup notice (see withoutStreamNotice); ktl's usage hints name kubectl */
const norm = (r: ProcResult, mine: boolean): ProcResult => ({
  ...r,
  stderr: mine ? r.stderr.replaceAll("'ktl ", "'kubectl ") : withoutStreamNotice(r.stderr),
});
const sameResult = (x: ProcResult, y: ProcResult) => x.code === y.code && x.stdout === y.stdout && x.stderr === y.stderr;
async function both(args: string[], input?: string): Promise<[ProcResult, ProcResult]> {
  const a = norm(await ktl(['-n', NS, ...args], { input }), true);
  // kubectl run again while its own stream-registration race changed its result (see kubectlStreaming)
  const b = norm(await kubectlStreaming(['-n', NS, ...args], { input }, (r) => sameResult(norm(r, false), a)), false);
  return [a, b];
}

describe('ktl exec and kubectl exec, same pod', () => {
  test.each([
    [['exec', 'box', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2']],
    [['exec', 'box', '-c', 'app', '--', 'true']],
    [['exec', 'box', '-c', 'app', '--', 'sh', '-c', 'echo one; exit 1']],
    [['exec', 'box', '-c', 'app', '--', 'sh', '-c', 'echo forty-two >&2; exit 42']],
    [['exec', 'box', '--', 'sh', '-c', 'echo defaulted']],
    [['exec', '-q', 'box', '--', 'sh', '-c', 'echo quiet']],
    [['exec', 'pod/box', '-c', 'side', '--', 'pwd']],
    [['exec', 'box', '-c', 'nope', '--', 'true']],
    [['exec', 'nope', '--', 'true']],
    [['exec', 'box']],
    [['exec']],
    [['exec', 'box', '-c', 'app', '--', 'no-such-command-podio']],
    [['exec', 'box', '-c', 'app', '--pod-running-timeout=0', '--', 'true']],
    [['exec', 'cm/nope', '--', 'true']],
  ])('%j', async (args) => {
    const [mine, theirs] = await both(args);
    expect(mine).toEqual(theirs);
  });

  test('-i: end of input reaches the command', async () => {
    const [mine, theirs] = await both(['exec', '-i', 'box', '-c', 'app', '--', 'wc', '-l'], 'a\nb\nc\n');
    expect(mine).toEqual(theirs);
    expect(mine.stdout.trim()).toBe('3');
  });

  test('-i: 10 MB through cat come back byte for byte from both', async () => {
    const data = randomBytes(10 * 1024 * 1024);
    const args = ['-n', NS, 'exec', '-i', 'box', '-c', 'app', '--', 'cat'];
    const [mine, theirs] = await Promise.all([runBinary(process.execPath, [ktlBin, ...args], data), runBinary(referenceKubectl!, args, data)]);
    expect({ code: mine.code, stderr: mine.stderr, same: mine.stdout.equals(data) }).toEqual({ code: 0, stderr: '', same: true });
    expect({ code: theirs.code, stderr: withoutStreamNotice(theirs.stderr), same: theirs.stdout.equals(data) }).toEqual({ code: 0, stderr: '', same: true });
  });

  test('-it under a terminal: a tty, the size, a resize seen by the command, typed input, the exit code', async () => {
    // the first size travels on the resize channel while the command starts
    // (kubectl's race as well): the script waits until the terminal has one
    const script = 'tty; while [ "$(stty size)" = "0 0" ]; do sleep 0.1; done; echo "size:$(stty size)"; read x; echo "size:$(stty size) got:$x"; exit 7';
    const run = (bin: string[]) =>
      runInTerminal([...bin, '-n', NS, 'exec', '-it', 'box', '-c', 'app', '--', 'sh', '-c', script], {
        steps: [{ wait: /^size:24 80\r?$/m, resize: [100, 30] }, { wait: /^size:24 80\r?$/m, keys: ['hello', 'Enter'] }],
      });
    const mine = await run([process.execPath, ktlBin]);
    const theirs = await run([referenceKubectl!]);
    const screen = (s: string) => withoutStreamNotice(s.replace(/\/dev\/pts\/\d+/, '/dev/pts/N').replace(/\r/g, ''));
    expect(screen(mine.screen)).toMatch(/^size:30 100 got:hello$/m);
    expect({ code: mine.code, screen: screen(mine.screen) }).toEqual({ code: theirs.code, screen: screen(theirs.screen) });
    expect(mine.code).toBe(7);
  });
});

describe('ktl attach and kubectl attach, same pod', () => {
  test('both stream the lines written after attaching, with the same notice', async () => {
    const args = ['-n', NS, 'attach', 'tail'];
    const a = startBackground(process.execPath, [ktlBin, ...args]);
    const b = startBackground(referenceKubectl!, args);
    try {
      // kwok follows from the end of the file once a stream is up: numbered
      // sync lines until both have one, then the lines compared
      let n = 0;
      const sync = await until('both attach streams to deliver a line', async () => {
        append([`sync ${++n}`]);
        const last = (s: string) => Number([...s.matchAll(/sync (\d+)\n/g)].at(-1)?.[1] ?? 0);
        return last(a.stdout) && last(b.stdout) ? n : undefined;
      }, 30_000);
      append(['attached line X', 'attached line Y']);
      await Promise.all([a.waitForOutput(/attached line Y\n/), b.waitForOutput(/attached line Y\n/)]);
      const after = (s: string) => s.slice(s.indexOf(`sync ${sync}\n`)).replace(/^(sync \d+\n)+/, '');
      expect(after(a.stdout)).toBe('attached line X\nattached line Y\n');
      expect(after(b.stdout)).toBe(after(a.stdout));
      expect(a.stderr).toBe(withoutStreamNotice(b.stderr));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test.each([[['attach', 'nope']], [['attach', 'tail', '-c', 'nope']], [['attach']]])('%j', async (args) => {
    const [mine, theirs] = await both(args);
    expect(mine).toEqual(theirs);
  });
});
