/**
 * Ctrl-C and SIGTERM on a terminal, ktl vs kubectl.1.33 (issue 10): each
 * command runs on its own pseudo-terminal (test/helpers/pty-run.py, which
 * types ^C as a user would, or sends SIGTERM) once it is waiting. It must end
 * by itself (the helper kills it only after 30 s), with kubectl's status:
 * exit 1 where kubectl's interrupt handler runs (get -w, rollout status,
 * delete's wait, edit's editor, wait while it watches); the terminal is left with echo and canonical mode on (no raw mode
 * for a spinner), and a terminal without a size gets no spinner at all.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kubeconfigPath, ktlBin, kubectl, referenceKubectl, repoRoot, runProcess, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-signals');
const ptyRun = path.join(repoRoot, 'test/helpers/pty-run.py');
let dir = '';
let editor = '';

interface PtyResult {
  exit: number | null;
  signal: number | null;
  killed: boolean;
  seen: boolean;
  echo: boolean;
  icanon: boolean;
  outputBytes: number;
  output: string;
}

/** As a person at a terminal runs it: without CI's CI=true (which turns ora's spinner off). */
async function onTerminal(size: [number, number], waitFor: string, action: 'ctrl-c' | 'sigterm' | 'none', cmd: string[], env: Record<string, string> = {}): Promise<PtyResult> {
  const r = await runProcess('python3', [ptyRun, String(size[0]), String(size[1]), waitFor, action, '30', '--', 'env', '-u', 'CI', `KUBECONFIG=${kubeconfigPath}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...cmd], {
    timeoutMs: 120_000,
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as PtyResult;
}
const both = (size: [number, number], waitFor: string, action: 'ctrl-c' | 'sigterm', args: string[], env: Record<string, string> = {}) =>
  Promise.all([onTerminal(size, waitFor, action, [process.execPath, ktlBin, ...args], env), onTerminal(size, waitFor, action, [referenceKubectl!, ...args], env)]);

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  // a deployment whose pods never schedule: its rollout never finishes
  // made unschedulable from the start and settled before any test: both tools must see the same, unchanging status
  // (a created-then-patched one moves through several rollout messages, slowly when CI loads the machine)
  const stuck = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'stuck', namespace: NS },
    spec: {
      selector: { matchLabels: { app: 'stuck' } },
      template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { 'ktl-signals/nowhere': 'x' }, containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  };
  expect((await kubectl(['create', '-f', '-'], { input: JSON.stringify(stuck) })).code).toBe(0);
  expect((await kubectl(['-n', NS, 'wait', '--for=jsonpath={.status.unavailableReplicas}=1', 'deployment/stuck', '--timeout=120s'])).code).toBe(0);
  // a running pod whose log kwok follows without end
  expect((await kubectl(['-n', NS, 'run', 'talker', '--image=busybox'])).code).toBe(0);
  expect((await kubectl(['-n', NS, 'wait', '--for=condition=Ready', 'pod/talker', '--timeout=120s'])).code).toBe(0);
  // objects held by a finalizer: delete waits for them forever
  for (const n of ['held-ktl', 'held-kubectl', 'edited']) {
    await kubectl(['create', 'cm', n, '-n', NS]);
    await kubectl(['patch', 'cm', n, '-n', NS, '-p', '{"metadata":{"finalizers":["ktl.example.com/hold"]}}']);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-signals-'));
  editor = path.join(dir, 'editor.sh');
  await writeFile(editor, '#!/bin/sh\necho EDITING\nexec sleep 60\n');
  await chmod(editor, 0o755);
  // a Service whose selector matches no pod never gets a ready endpoint: --wait-ready waits forever
  for (const name of ['lonely-ctrl-c', 'lonely-sigterm']) {
    await writeFile(
      path.join(dir, `${name}.yaml`),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${NS}\nspec:\n  selector:\n    app: nobody-here\n  ports:\n  - port: 80\n`,
    );
  }
});
afterAll(async () => {
  for (const n of ['held-ktl', 'held-kubectl', 'edited']) await kubectl(['patch', 'cm', n, '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a user notices: how it ended, and the terminal it left. */
const outcome = (r: PtyResult) => ({ exit: r.exit, signal: r.signal, killed: r.killed, seen: r.seen, echo: r.echo, icanon: r.icanon });

describe('a signal ends the command at once, with kubectl\'s status, the terminal restored', () => {
  test.each([
    ['rollout status, ^C', [24, 80], 'Waiting', 'ctrl-c', ['rollout', 'status', 'deployment/stuck']],
    ['rollout status, SIGTERM', [24, 80], 'Waiting', 'sigterm', ['rollout', 'status', 'deployment/stuck']],
    ['get -w, ^C', [24, 80], 'stuck', 'ctrl-c', ['get', 'deploy', '-w']],
    ['get -w, SIGTERM', [24, 80], 'stuck', 'sigterm', ['get', 'deploy', '-w']],
    // -v=6 logs the watch request: the signal comes once both are watching (kubectl's handler wraps the watch only)
    ['wait for a condition, ^C while watching', [24, 80], 'watch=true', 'ctrl-c', ['-v=6', 'wait', '--for=condition=Nowhere', 'deployment/stuck', '--timeout=5m']],
    // logs -f: kubectl's handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT alike
    ['logs -f, ^C', [24, 80], 'default log line 3', 'ctrl-c', ['logs', '-f', 'talker']],
    ['logs -f, SIGTERM', [24, 80], 'default log line 3', 'sigterm', ['logs', '-f', 'talker']],
    // exec and attach: with stdin kubectl's handler (exit 1 on SIGTERM too), without it the signal's own end
    ['exec -i, SIGTERM', [24, 80], 'go', 'sigterm', ['exec', '-i', 'talker', '--', 'sh', '-c', 'echo go; exec sleep 30']],
    ['exec, ^C', [24, 80], 'go', 'ctrl-c', ['exec', 'talker', '--', 'sh', '-c', 'echo go; exec sleep 30']],
    ['attach, ^C', [24, 80], 'prompt', 'ctrl-c', ['attach', 'talker']],
    // proxy: no handler in kubectl, ^C ends it by SIGINT
    ['proxy, ^C', [24, 80], 'Starting to serve', 'ctrl-c', ['proxy', '--port=0']],
    ['wait for a jsonpath, SIGTERM while watching', [24, 80], 'watch=true', 'sigterm', ['-v=6', 'wait', '--for=jsonpath={.status.readyReplicas}=9', 'deployment/stuck', '--timeout=5m']],
  ] as Array<[string, [number, number], string, 'ctrl-c' | 'sigterm', string[]]>)('%s', async (_what, size, waitFor, action, args) => {
    const [k, r] = await both(size, waitFor, action, ['-n', NS, ...args]);
    expect(outcome(r)).toMatchObject({ killed: false, seen: true, echo: true, icanon: true });
    expect(outcome(k)).toEqual(outcome(r));
  });

  test('delete waiting on a finalizer, ^C', async () => {
    const [k, r] = await Promise.all([
      onTerminal([24, 80], 'deleted', 'ctrl-c', [process.execPath, ktlBin, '-n', NS, 'delete', 'cm', 'held-ktl']),
      onTerminal([24, 80], 'deleted', 'ctrl-c', [referenceKubectl!, '-n', NS, 'delete', 'cm', 'held-kubectl']),
    ]);
    expect(outcome(r)).toEqual({ exit: 1, signal: null, killed: false, seen: true, echo: true, icanon: true });
    expect(outcome(k)).toEqual(outcome(r));
  });

  test('edit while the editor runs, ^C', async () => {
    const [k, r] = await both([24, 80], 'EDITING', 'ctrl-c', ['-n', NS, 'edit', 'cm', 'edited'], { EDITOR: editor });
    expect(outcome(r)).toEqual({ exit: 1, signal: null, killed: false, seen: true, echo: true, icanon: true });
    expect(outcome(k)).toEqual(outcome(r));
  });
});

describe('exec -it on a terminal', () => {
  test('the remote terminal\'s lines reach the screen as kubectl writes them (no "\\r\\r\\n")', async () => {
    const args = ['-n', NS, 'exec', '-it', 'talker', '--', 'sh', '-c', 'echo go; printf "a\\nb\\r\\n"; echo done'];
    const [k, r] = await Promise.all([onTerminal([24, 80], 'done', 'none', [process.execPath, ktlBin, ...args]), onTerminal([24, 80], 'done', 'none', [referenceKubectl!, ...args])]);
    expect(r.output).toContain('go\r\n');
    expect({ exit: k.exit, output: k.output }).toEqual({ exit: r.exit, output: r.output });
  });
});

describe('rollout status\'s spinner', () => {
  test('on a terminal: the cursor is shown again and the terminal is not left raw', async () => {
    const k = await onTerminal([24, 80], 'Waiting', 'ctrl-c', [process.execPath, ktlBin, '-n', NS, 'rollout', 'status', 'deployment/stuck']);
    expect(outcome(k)).toEqual({ exit: 1, signal: null, killed: false, seen: true, echo: true, icanon: true });
    expect(k.output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(k.output.lastIndexOf('\x1b[?25l'));
  });
  test('on a terminal without a size (0x0): kubectl\'s plain lines, no escapes', async () => {
    const [k, r] = await both([0, 0], 'Waiting', 'ctrl-c', ['-n', NS, 'rollout', 'status', 'deployment/stuck']);
    expect(outcome(k)).toEqual(outcome(r));
    expect(k.output).not.toContain('\x1b');
    expect(k.output).toBe(r.output);
  });
});

describe('apply --wait-ready (ktl extension) ends cleanly on a signal', () => {
  test.each([
    ['^C', 'ctrl-c'],
    ['SIGTERM', 'sigterm'],
  ] as Array<[string, 'ctrl-c' | 'sigterm']>)('%s: exit 1, the live lines closed, the cursor shown, what was not ready listed', async (_what, action) => {
    const name = `lonely-${action}`;
    const k = await onTerminal([24, 80], 'no ready endpoints', action, [process.execPath, ktlBin, 'apply', '-f', path.join(dir, `${name}.yaml`), '--wait-ready=5m']);
    expect(outcome(k)).toEqual({ exit: 1, signal: null, killed: false, seen: true, echo: true, icanon: true });
    expect(k.output).toContain(`service/${name} created`);
    expect(k.output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(k.output.lastIndexOf('\x1b[?25l'));
    // the awaited object stays on screen without a spinner, then the summary
    expect(k.output).toMatch(
      new RegExp(`…(?:\x1b\\[39m)? service/${name}: no ready endpoints\r?\n\x1b\\[\\?25hinterrupted: 1 of 1 object not ready\r?\n  service/${name}: no ready endpoints\r?\n$`),
    );
  });
});
