/**
 * Acceptance for the local cluster's kubelet API (issue 12), with the reference
 * kubectl: `logs` as a kubelet serves it (kwok reads the CRI log files that
 * test/e2e/kubelet-env.ts gives each pod). ktl's own logs tests reuse this setup.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { createPods, criTime, givePodLogs, removePodFiles, startBackground, type LogLine, type PodLogs } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-logs');
const hourAgo = new Date(Date.now() - 2 * 3600_000);
// two old lines (2 hours ago), then recent ones
const APP: LogLine[] = [
  { text: 'app old 1', time: criTime(hourAgo) },
  { text: 'app old 2 (stderr)', time: criTime(new Date(hourAgo.getTime() + 1000)), stream: 'stderr' },
  { text: 'app new 3', time: criTime(new Date(Date.now() - 60_000)) },
  { text: 'app new 4', time: criTime(new Date(Date.now() - 59_000)) },
];
const SIDECAR = ['sidecar 1', 'sidecar 2'];
const PREVIOUS = ['app previous instance 1', 'app previous instance 2'];
const WEB2 = ['web2 only line'];
let web: PodLogs;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, {
    web: { containers: ['app', 'sidecar'], labels: { tier: 'logs' } },
    web2: { labels: { tier: 'logs' } },
  });
  web = await givePodLogs(NS, 'web', { app: { current: APP, previous: PREVIOUS }, sidecar: { current: SIDECAR } });
  await givePodLogs(NS, 'web2', { app: { current: WEB2 } });
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
});

const k = (...args: string[]) => kubectl(['-n', NS, 'logs', ...args]);
/** "[pod/P/C] text" lines grouped by prefix (the whole output must be such lines) */
function byPrefix(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!stdout.endsWith('\n')) return { unterminated: [stdout] };
  for (const line of stdout.split('\n').slice(0, -1)) {
    const m = /^(\[pod\/[^\]]+\]) (.*)$/.exec(line);
    if (!m) return { unexpected: [line] };
    (out[m[1]] ??= []).push(m[2]);
  }
  return out;
}
const lines = (xs: (LogLine | string)[]) => xs.map((l) => (typeof l === 'string' ? l : l.text)).join('\n') + '\n';

describe('kubectl logs against kwok', () => {
  test('plain: the first container, with a note naming it', async () => {
    const r = await k('web');
    expect(r).toEqual({ code: 0, stdout: lines(APP), stderr: 'Defaulted container "app" out of: app, sidecar\n' });
  });

  test('-c picks the container', async () => {
    expect(await k('web', '-c', 'sidecar')).toEqual({ code: 0, stdout: lines(SIDECAR), stderr: '' });
  });

  test('a container the pod does not have', async () => {
    expect(await k('web', '-c', 'nope')).toEqual({ code: 1, stdout: '', stderr: 'error: container nope is not valid for pod web\n' });
  });

  // kubectl reads the containers' logs concurrently (--max-log-requests), so
  // the containers may come in any order: compare each one's lines, in order.
  test('--all-containers --prefix', async () => {
    const r = await k('web', '--all-containers', '--prefix');
    expect({ ...r, stdout: byPrefix(r.stdout) }).toEqual({
      code: 0,
      stdout: { '[pod/web/app]': APP.map((l) => l.text), '[pod/web/sidecar]': SIDECAR },
      stderr: '',
    });
  });

  test('-l with --all-containers --prefix: every matching pod', async () => {
    const r = await k('-l', 'tier=logs', '--all-containers', '--prefix');
    expect({ ...r, stdout: byPrefix(r.stdout) }).toEqual({
      code: 0,
      stdout: { '[pod/web/app]': APP.map((l) => l.text), '[pod/web/sidecar]': SIDECAR, '[pod/web2/app]': WEB2 },
      stderr: '',
    });
  });

  test('--tail', async () => {
    expect(await k('web', '-c', 'app', '--tail', '1')).toEqual({ code: 0, stdout: lines(APP.slice(3)), stderr: '' });
    expect(await k('web', '-c', 'app', '--tail=3')).toEqual({ code: 0, stdout: lines(APP.slice(1)), stderr: '' });
  });

  test('--since keeps the recent lines', async () => {
    expect(await k('web', '-c', 'app', '--since=1h')).toEqual({ code: 0, stdout: lines(APP.slice(2)), stderr: '' });
    expect(await k('web', '-c', 'app', '--since=3h')).toEqual({ code: 0, stdout: lines(APP), stderr: '' });
  });

  test('--timestamps prefixes the time the log recorded', async () => {
    const r = await k('web', '-c', 'app', '--timestamps');
    expect(r).toEqual({ code: 0, stdout: APP.map((l) => `${l.time} ${l.text}\n`).join(''), stderr: '' });
  });

  test('--previous shows the previous instance', async () => {
    expect(await k('web', '-c', 'app', '--previous')).toEqual({ code: 0, stdout: lines(PREVIOUS), stderr: '' });
  });

  test('-f prints the log, then lines appended to it', async () => {
    const f = startBackground(referenceKubectl!, ['-n', NS, 'logs', '-f', 'web', '-c', 'sidecar']);
    try {
      await f.waitForOutput(/sidecar 2\n/);
      web.append('sidecar', ['appended A', 'appended B']);
      await f.waitForOutput(/appended B\n/);
      expect(f.stdout).toBe(lines([...SIDECAR, 'appended A', 'appended B']));
      expect(f.stderr).toBe('');
    } finally {
      await f.stop();
    }
  });
});
