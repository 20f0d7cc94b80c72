/**
 * e2e helpers for the kubelet-backed APIs of the local cluster (logs, exec,
 * attach, port-forward, cp, top). kwok plays every node's kubelet; what it
 * serves for one pod is set by kwok objects named like the pod (Logs, Exec,
 * Attach, PortForward) and by the pod's usage annotations. See
 * docs/local-cluster.md, "Kubelet API".
 *
 * Setup goes through the reference kubectl (tests only; ktl never runs it), so
 * tests of ktl's own logs/exec/attach/port-forward/cp/top can use the same setup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { clusterDir, kubeconfigPath, kubectl, referenceKubectl, type ProcResult } from './cluster-env.js';

/** Files kwok serves as the nodes' kubelet: default logs, exec work dir, per-pod files. */
export const kubeletDir = path.join(clusterDir, 'kubelet');
/** Where commands run by `exec` start when the pod has no work dir of its own. */
export const execRoot = path.join(kubeletDir, 'exec-root');
/** The user exec'd commands run as: nobody (65534) when the cluster runs as root. */
export const execUid = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? 0);
export const execGid = process.getuid?.() === 0 ? 65534 : (process.getgid?.() ?? 0);

/** The lines every container logs unless the pod has its own Logs object (scripts/cluster/kubelet.sh). */
export const DEFAULT_LOG_LINES = ['default log line 1', 'default log line 2 (stderr)', 'default log line 3'];

async function must(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Applies objects (JSON) with the reference kubectl. */
export async function applyObjects(...objects: object[]): Promise<void> {
  await must(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

/** Polls `check` until it returns a value that is not undefined (at most `timeoutMs`). */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface PodSpec {
  /** container names; default ['app'] */
  containers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** container ports (on the first container) */
  ports?: number[];
}

/** A pod object as the tests create it (kwok runs it on one of its nodes). */
export function podObject(ns: string, name: string, spec: PodSpec = {}): object {
  const containers = (spec.containers ?? ['app']).map((c, i) => ({
    name: c,
    image: 'registry.k8s.io/pause:3.10',
    ...(i === 0 && spec.ports ? { ports: spec.ports.map((p) => ({ containerPort: p })) } : {}),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: spec.labels ?? { app: name }, annotations: spec.annotations },
    spec: { containers, terminationGracePeriodSeconds: 0 },
  };
}

/** Creates pods and waits until each is Ready. */
export async function createPods(ns: string, pods: Record<string, PodSpec>): Promise<void> {
  await applyObjects(...Object.entries(pods).map(([name, spec]) => podObject(ns, name, spec)));
  await must(['wait', '-n', ns, '--for=condition=Ready', '--timeout=90s', ...Object.keys(pods).map((p) => `pod/${p}`)]);
}

/** The directory for one pod's files (logs, attach file, work dir). */
export function podDir(ns: string, pod: string): string {
  return path.join(kubeletDir, 'pods', ns, pod);
}

/** Removes the files the helpers wrote for a namespace (the kwok objects go with the namespace). */
export async function removePodFiles(ns: string): Promise<void> {
  await rm(path.join(kubeletDir, 'pods', ns), { recursive: true, force: true });
}

export interface LogLine {
  text: string;
  stream?: 'stdout' | 'stderr';
  /** default: now; a string is written as it is */
  time?: Date | string;
}

/**
 * RFC 3339 with nanoseconds, as the kubelet writes. The last digit is 1 so that
 * `--timestamps` (RFC 3339 with trailing zeros trimmed) prints it unchanged.
 */
export function criTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000001Z');
}

/** One line of a container log file in the CRI format kwok reads (as a kubelet does). */
export function criLine(line: LogLine | string): string {
  const l = typeof line === 'string' ? { text: line } : line;
  const time = typeof l.time === 'string' ? l.time : criTime(l.time ?? new Date());
  return `${time} ${l.stream ?? 'stdout'} F ${l.text}\n`;
}

export interface ContainerLogs {
  current: (LogLine | string)[];
  /** the previous instance's log (`logs --previous`) */
  previous?: (LogLine | string)[];
}

export interface PodLogs {
  /** file paths per container */
  files: Record<string, { current: string; previous: string }>;
  /** appends lines to a container's current log (seen by `logs -f`) */
  append(container: string, lines: (LogLine | string)[]): void;
}

/**
 * Gives a pod its own container logs: a CRI-format file and a previous-instance
 * file per container, and a Logs object named like the pod. Waits until kwok
 * serves them. Containers not listed have no logs (kwok reports an error).
 */
export async function givePodLogs(ns: string, pod: string, logs: Record<string, ContainerLogs>): Promise<PodLogs> {
  const dir = podDir(ns, pod);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const files: PodLogs['files'] = {};
  for (const [c, l] of Object.entries(logs)) {
    files[c] = { current: path.join(dir, `${c}.log`), previous: path.join(dir, `${c}-previous.log`) };
    writeFileSync(files[c].current, l.current.map(criLine).join(''), { mode: 0o644 });
    writeFileSync(files[c].previous, (l.previous ?? []).map(criLine).join(''), { mode: 0o644 });
  }
  await applyObjects({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: { name: pod, namespace: ns },
    spec: {
      logs: Object.entries(files).map(([c, f]) => ({ containers: [c], logsFile: f.current, previousLogsFile: f.previous })),
    },
  });
  const [first, firstLogs] = Object.entries(logs)[0];
  const want = firstLogs.current.map((l) => (typeof l === 'string' ? l : l.text)).join('\n');
  await until(`kwok to serve the logs of ${ns}/${pod}`, async () => {
    const r = await kubectl(['logs', '-n', ns, pod, '-c', first]);
    return r.code === 0 && r.stdout.trimEnd() === want ? true : undefined;
  });
  return {
    files,
    append(container, lines) {
      appendFileSync(files[container].current, lines.map(criLine).join(''));
    },
  };
}

/**
 * Gives a pod an attach file (what `attach` streams: lines appended after the
 * client attached) through an Attach object named like the pod.
 * Returns a function that appends lines to it.
 */
export async function givePodAttach(ns: string, pod: string): Promise<(lines: string[]) => void> {
  const dir = podDir(ns, pod);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, 'attach.log');
  writeFileSync(file, '', { mode: 0o644 });
  await applyObjects({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Attach',
    metadata: { name: pod, namespace: ns },
    spec: { attaches: [{ logsFile: file }] },
  });
  return (lines) => appendFileSync(file, lines.map(criLine).join(''));
}

/**
 * Gives a pod its own exec work dir (owned by the exec user) through an Exec
 * object named like the pod, so `exec` and `cp` with relative paths touch only
 * this pod's files. Waits until kwok uses it; returns the directory.
 */
export async function givePodWorkDir(ns: string, pod: string): Promise<string> {
  const dir = path.join(podDir(ns, pod), 'root');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) chownSync(dir, execUid, execGid);
  const local: Record<string, unknown> = { workDir: dir, envs: [{ name: 'KWOK_EXEC', value: 'true' }] };
  if (process.getuid?.() === 0) local.securityContext = { runAsUser: execUid, runAsGroup: execGid };
  await applyObjects({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Exec',
    metadata: { name: pod, namespace: ns },
    spec: { execs: [{ local }] },
  });
  await until(`kwok to use ${dir} for exec in ${ns}/${pod}`, async () => {
    const r = await kubectl(['exec', '-n', ns, pod, '--', 'pwd']);
    return r.code === 0 && r.stdout === `${dir}\n` ? true : undefined;
  });
  return dir;
}

/** Quantity (as metrics.k8s.io and the annotations write them) to a number: bytes, or cores for CPU. */
export function parseQuantity(q: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) throw new Error(`bad quantity ${q}`);
  const units: Record<string, number> = {
    '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3,
  };
  if (!(m[2] in units)) throw new Error(`bad quantity unit ${q}`);
  return Number(m[1]) * units[m[2]];
}

/**
 * Sets a pod's CPU and memory usage (kwok's usage annotations; kwok reports the
 * usage for each container). Waits until metrics.k8s.io reports that memory for
 * every container (CPU then has a value too: it needs two scrapes).
 */
export async function setPodUsage(ns: string, pod: string, usage: { cpu: string; memory: string }): Promise<void> {
  await must(['annotate', '-n', ns, `pod/${pod}`, '--overwrite',
    `kwok.x-k8s.io/usage-cpu=${usage.cpu}`, `kwok.x-k8s.io/usage-memory=${usage.memory}`]);
  const memory = parseQuantity(usage.memory);
  await until(`metrics.k8s.io to report ${usage.memory} for ${ns}/${pod}`, async () => {
    const r = await kubectl(['get', '--raw', `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods/${pod}`]);
    if (r.code !== 0) return undefined;
    const m = JSON.parse(r.stdout) as { containers: { usage: { cpu: string; memory: string } }[] };
    return m.containers.length > 0 && m.containers.every((c) => parseQuantity(c.usage.memory) === memory) ? true : undefined;
  }, 90_000);
}

export interface PageServer {
  port: number;
  /** requests served so far */
  hits: number;
  close(): Promise<void>;
}

/** A local HTTP server answering every request with `body` (a port-forward target). */
export async function startPageServer(body: string): Promise<PageServer> {
  const state = { hits: 0 };
  const server = http.createServer((req, res) => {
    state.hits++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Points a pod's port-forward at 127.0.0.1:`targetPort` (all pod ports, or
 * those given) through a PortForward object named like the pod. Without one,
 * every pod port echoes what it receives (the cluster default).
 * Waits until kwok uses it (checked with the reference kubectl's port-forward).
 */
export async function forwardPodTo(ns: string, pod: string, target: PageServer, podPorts?: number[]): Promise<void> {
  await applyObjects({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: { name: pod, namespace: ns },
    spec: { forwards: [{ ...(podPorts ? { ports: podPorts } : {}), target: { address: '127.0.0.1', port: target.port } }] },
  });
  const before = target.hits;
  const pf = startBackground(referenceKubectl!, ['port-forward', '-n', ns, `pod/${pod}`, `:${podPorts?.[0] ?? 80}`]);
  try {
    const local = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+)/);
    await until(`kwok to forward ${ns}/${pod} to port ${target.port}`, async () => {
      await fetchText(`http://127.0.0.1:${local[1]}/`);
      return target.hits > before ? true : undefined;
    });
  } finally {
    await pf.stop();
  }
}

/** GET url, the body as text (throws on a non-2xx answer or a broken connection). */
export async function fetchText(url: string): Promise<string> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return r.text();
}

export interface Background {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** resolves with the first match of `re` in stdout+stderr (rejects if the process ends first or after timeoutMs) */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** resolves when the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (then SIGKILL after 5 s) and wait for the end */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a long-running command (logs -f, attach, port-forward) against the local cluster. */
export function startBackground(cmd: string, args: string[], env: Record<string, string> = {}): Background {
  const child = spawn(cmd, args, {
    env: { ...process.env, KUBECONFIG: kubeconfigPath, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; notify(); });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; notify(); });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => { ended = true; notify(); resolve({ code, signal }); });
  });
  return {
    child,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    exited,
    waitForOutput(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`timed out waiting for ${re} in output of ${cmd} ${args.join(' ')}:\n${stdout}${stderr}`)); }, timeoutMs);
        const check = () => {
          const m = re.exec(stdout + stderr);
          if (m || ended) {
            clearTimeout(timer);
            waiters.delete(check);
            if (m) resolve(m);
            else reject(new Error(`${cmd} ${args.join(' ')} ended before printing ${re}:\n${stdout}${stderr}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!ended) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        const r = await exited;
        clearTimeout(t);
        return r;
      }
      return exited;
    },
  };
}

/**
 * kubectl's stderr without client-go's "Unknown stream id 1, discarding
 * message" log line: the API server sends an empty stdout frame to say the
 * exec stream is up (k8s.io/apiserver pkg/util/proxy/websocket.go), and under
 * load it can arrive before kubectl has registered its stdout stream. The
 * frame carries no data; a real kubelet behind the API server does the same.
 */
export function withoutStreamNotice(stderr: string): string {
  return stderr.replace(/^E\d{4} [\d:.]+ +\d+ websocket\.go:\d+\] Unknown stream id 1, discarding message\n/gm, '');
}

/**
 * kubectl's stderr without client-go's `"Unhandled Error" err="websocket: close
 * sent"` log line: when the server ends an attach with an error, kubectl's
 * stream reader can still be reading after its own close frame went out, and
 * whether that line appears depends on that race (CI saw it once in many runs).
 */
export function withoutCloseNotice(stderr: string): string {
  return stderr.replace(/^E\d{4} [\d:.]+ +\d+ [\w.]+\.go:\d+\] "Unhandled Error" err="websocket: close sent"\n/gm, '');
}

/**
 * True when kubectl's run shows client-go's stream-registration race: a frame
 * discarded for a stream it had not registered yet. On stream 1 that is
 * usually the API server's empty "stream is up" frame (withoutStreamNotice),
 * but under load it can be the command's output itself (CI saw `echo` print
 * nothing, exit 0); on stream 3 the status frame, and kubectl then ends with
 * "error: closed all streams" though the command succeeded.
 */
export function sawStreamRace(stderr: string): boolean {
  return /websocket\.go:\d+\] Unknown stream id [0-9]+, discarding message$/m.test(stderr);
}

/**
 * kubectl, run again (at most 3 more times) while a run shows that race and
 * its result is not `usable`: by default, when it discarded a frame of another
 * stream than 1 (a lost status or error frame always changes the result); a
 * differential test passes a check against ktl's result, which also catches
 * lost output on stream 1. ktl's own runs are never retried.
 */
export async function kubectlStreaming(
  args: string[],
  opts: Parameters<typeof kubectl>[1] = {},
  usable: (r: ProcResult) => boolean = (r) => !sawStreamRace(withoutStreamNotice(r.stderr)),
): Promise<ProcResult> {
  let r = await kubectl(args, opts);
  for (let tries = 0; tries < 3 && sawStreamRace(r.stderr) && !usable(r); tries++) r = await kubectl(args, opts);
  return r;
}

export interface BinaryResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command with binary stdin/stdout (exec -i, cp through stdin). */
export function runBinary(cmd: string, args: string[], input: Buffer, timeoutMs = 120_000): Promise<BinaryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, KUBECONFIG: kubeconfigPath }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out), stderr });
    });
    child.stdin.on('error', () => {}); // the command may end before reading everything
    child.stdin.end(input);
  });
}

export interface TerminalResult {
  /** what the terminal showed (tmux capture-pane, trailing blank lines dropped) */
  screen: string;
  code: number;
}

export interface TerminalStep {
  /** waits until the screen matches */
  wait: RegExp;
  /** then types these (tmux send-keys names: 'Enter', 'C-c' ...) */
  keys?: string[];
  /** then resizes the terminal to columns x rows */
  resize?: [number, number];
}

/**
 * Runs a command under a pseudo-terminal (a private tmux server, 80x24) until
 * it ends; `keys` are typed once `ready` shows on the screen (if given), then
 * each of `steps` in turn. With `escapes` the screen keeps its colours
 * (as tmux re-renders them: SGR codes, reset with 39/0).
 */
export async function runInTerminal(
  cmd: string[],
  opts: { ready?: RegExp; keys?: string[]; steps?: TerminalStep[]; escapes?: boolean; timeoutMs?: number } = {},
): Promise<TerminalResult> {
  const sock = `ktl-e2e-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ktl-tty-'));
  const rcFile = path.join(dir, 'rc');
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const line = `KUBECONFIG=${quote(kubeconfigPath)} ${cmd.map(quote).join(' ')}; echo $? > ${quote(rcFile)}`;
  const tmux = (...a: string[]) => runQuiet('tmux', ['-L', sock, ...a]);
  try {
    await tmux('-f', '/dev/null', 'new-session', '-d', '-x', '80', '-y', '24', 'sh', '-c', `${line}; sleep 600`);
    const capture = async () => (await tmux('capture-pane', '-p', '-J', ...(opts.escapes ? ['-e'] : []))).replace(/\n+$/, '\n');
    if (opts.ready) await until(`${opts.ready} on the terminal`, async () => (opts.ready!.test(await capture()) ? true : undefined), opts.timeoutMs ?? 60_000);
    for (const k of opts.keys ?? []) await tmux('send-keys', k);
    for (const step of opts.steps ?? []) {
      let seen = '';
      await until(`${step.wait} on the terminal`, async () => (step.wait.test((seen = await capture())) ? true : undefined), opts.timeoutMs ?? 60_000).catch(
        (e: Error) => {
          throw new Error(`${e.message}; the screen:\n${seen}`);
        },
      );
      for (const k of step.keys ?? []) await tmux('send-keys', k);
      if (step.resize) await tmux('resize-window', '-x', String(step.resize[0]), '-y', String(step.resize[1]));
    }
    await until(`${cmd.join(' ')} to end on the terminal`, async () => {
      const r = await runQuiet('cat', [rcFile]).catch(() => '');
      return r.trim() ? true : undefined;
    }, opts.timeoutMs ?? 60_000);
    const screen = await capture();
    const code = Number((await runQuiet('cat', [rcFile])).trim());
    return { screen, code };
  } finally {
    await runQuiet('tmux', ['-L', sock, 'kill-server']).catch(() => '');
    await rm(dir, { recursive: true, force: true });
  }
}

function runQuiet(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${err}`))));
  });
}
