/**
 * ktl get --watch vs the reference kubectl: both watch the same namespace
 * while objects are added, changed and deleted; the printed events must match
 * (AGE cells masked). Both end by themselves through --request-timeout.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

const ns = uniqueNamespace('ktl-watch');
const AGE = /^(?:\d+[smhdy])+$/;
const normalise = (text: string) =>
  text
    .split('\n')
    .map((l) => l.split(/ {3,}/).map((c) => (AGE.test(c) ? '<age>' : c)).join(' | '))
    .join('\n');
/** klog's -v=6 lines (used below to see each watch open) are left out of the comparison */
const KLOG = /^[IWE]\d{4} [\d:.]+ +\d+ [\w.-]+:\d+\] .*\n/gm;
const norm = (r: ProcResult) => ({ code: r.code, stdout: normalise(r.stdout), stderr: r.stderr.replace(KLOG, '') });
/** the -v=6 line each tool logs when its watch request has been answered */
const WATCH_OPEN = /round_trippers\.go:\d+\] "Response" verb="GET" url="[^"]*[?&]watch=true[^"]*" status="200 OK"/;

beforeAll(async () => {
  expect((await kubectl(['create', 'namespace', ns])).code).toBe(0);
  // the controller adds kube-root-ca.crt to a new namespace on its own time: wait for it,
  // so it is in both lists and never an event one watch sees and the other does not
  expect((await kubectl(['-n', ns, 'wait', '--for=create', 'configmap/kube-root-ca.crt', '--timeout=120s'])).code).toBe(0);
  expect((await kubectl(['-n', ns, 'create', 'configmap', 'first', '--from-literal=a=1'])).code).toBe(0);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
});

/**
 * Runs the same watch with both tools, makes the changes once both watches
 * are open (each tool's -v=6 line for the answered watch request: the watch
 * starts from the list's resourceVersion, so nothing after it is missed), and
 * returns both results. Both end by themselves through --request-timeout,
 * long enough for the changes on a loaded machine.
 */
async function watchBoth(args: string[], changes: () => Promise<void>) {
  const full = ['-n', ns, 'get', 'configmaps', ...args, '--request-timeout=20s', '-v=6'];
  let opened = 0;
  let bothOpen!: () => void;
  const open = new Promise<void>((resolve) => (bothOpen = resolve));
  const watcher = () => {
    let seen = false;
    return (stderr: string) => {
      if (!seen && WATCH_OPEN.test(stderr)) {
        seen = true;
        if (++opened === 2) bothOpen();
      }
    };
  };
  const running = Promise.all([
    ktl(full, { timeoutMs: 60_000, onStderr: watcher() }),
    kubectl(full, { timeoutMs: 60_000, onStderr: watcher() }),
  ]);
  await Promise.race([open, running]);
  expect(opened).toBe(2);
  await changes();
  const [a, b] = await running;
  return { ktl: norm(a), kubectl: norm(b), raw: a };
}

describe('get --watch matches kubectl', () => {
  test('-w prints the list, then one row per event without a header', async () => {
    const r = await watchBoth(['-w'], async () => {
      await kubectl(['-n', ns, 'create', 'configmap', 'second-with-a-longer-name', '--from-literal=b=2']);
      await kubectl(['-n', ns, 'label', 'configmap', 'first', 'x=y']);
      await kubectl(['-n', ns, 'delete', 'configmap', 'second-with-a-longer-name']);
    });
    expect(r.raw.stdout.split('\n')[0]).toMatch(/^NAME +DATA +AGE$/);
    expect(r.raw.stdout.split('\n').filter((l) => l.startsWith('second-with-a-longer-name')).length).toBe(2); // added, deleted
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('--watch-only --output-watch-events prints only events, with the EVENT column', async () => {
    const r = await watchBoth(['--watch-only', '--output-watch-events'], async () => {
      await kubectl(['-n', ns, 'create', 'configmap', 'third', '--from-literal=c=3']);
      await kubectl(['-n', ns, 'delete', 'configmap', 'third']);
    });
    expect(r.raw.stdout).toMatch(/^EVENT +NAME +DATA +AGE\nADDED +third /);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('-w -o name', async () => {
    const r = await watchBoth(['-w', '-o', 'name'], async () => {
      await kubectl(['-n', ns, 'create', 'configmap', 'fourth', '--from-literal=d=4']);
    });
    expect(r.raw.stdout).toContain('configmap/fourth\n');
    expect(r.ktl).toEqual(r.kubectl);
  });
});
