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
const norm = (r: ProcResult) => ({ code: r.code, stdout: normalise(r.stdout), stderr: r.stderr });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  expect((await kubectl(['create', 'namespace', ns])).code).toBe(0);
  expect((await kubectl(['-n', ns, 'create', 'configmap', 'first', '--from-literal=a=1'])).code).toBe(0);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
});

/** Runs the same watch with both tools while changes happen, returns both results. */
async function watchBoth(args: string[], changes: () => Promise<void>) {
  const full = ['-n', ns, 'get', 'configmaps', ...args, '--request-timeout=7s'];
  const running = Promise.all([ktl(full, { timeoutMs: 30_000 }), kubectl(full, { timeoutMs: 30_000 })]);
  await sleep(2000); // both have listed and opened their watch
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
