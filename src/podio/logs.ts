/**
 * Container logs as kubectl's logs command gets them: which containers of
 * which pods (logsForObject), the PodLogOptions query, and streaming the
 * answers to stdout one after another, or all at once when following
 * several (whole lines, optional [pod/NAME/CONTAINER] prefixes).
 */
import type { Clients } from '../client/index.js';
import type { Query } from '../client/transport.js';
import type { KubeObject } from '../client/rest.js';
import { ApiError, KtlError, messageOf } from '../errors.js';
import { LineWriter, writeOut } from './line-output.js';
import { byLogging, isPod, logContainer, podPath, podsForSelector, selectorForObject, type Pod } from './pods.js';
import { listAt } from '../codec/value.js';
import { isKubeObject } from '../resource/types.js';
import type { Writable } from 'node:stream';

export interface LogQuery {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** seconds, rounded as kubectl rounds --since */
  sinceSeconds?: number;
  /** RFC 3339, as kubectl sends it */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend: boolean;
}

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** spec.containers{name}: where the prefix takes the container name from */
  fieldPath: string;
}

export interface LogTargets {
  requests: LogRequest[];
}

export interface TargetOptions {
  container: string;
  allContainers: boolean;
  allPods: boolean;
  podTimeoutMs: number;
  /** notices for stderr (Defaulted container ..., Found N pods ...) */
  notice: (s: string) => void;
}

/** The requests for an object (a Pod, a list of pods from -l, or a workload/service). */
export async function logRequestsFor(clients: Clients, obj: KubeObject, o: TargetOptions): Promise<LogRequest[]> {
  if (obj.kind === 'PodList' || Array.isArray(obj.items)) {
    const out: LogRequest[] = [];
    for (const p of listAt(obj, 'items')) if (isKubeObject(p) && isPod(p)) out.push(...logRequestsFor0(p, o, o.container));
    return out;
  }
  if (obj.kind === 'Pod' && isPod(obj)) return logRequestsFor0(obj, o, o.container);
  let sel: { namespace: string; selector: string };
  try {
    sel = selectorForObject(obj);
  } catch (e) {
    throw new KtlError(`cannot get the logs from *v1.${obj.kind}: ${messageOf(e)}`);
  }
  const pods = await podsForSelector(clients, sel.namespace, sel.selector, o.podTimeoutMs, byLogging);
  if (pods.length > 1 && !o.allPods) o.notice(`Found ${pods.length} pods, using pod/${pods[0]!.metadata.name}\n`);
  const chosen = o.allPods ? pods : [pods[0]!];
  return chosen.flatMap((p) => logRequestsFor0(p, o, o.container));
}

function logRequestsFor0(pod: Pod, o: TargetOptions, container: string): LogRequest[] {
  const base = { namespace: pod.metadata.namespace, pod: pod.metadata.name };
  if (!o.allContainers) {
    const c = logContainer(pod, container, { allPods: o.allPods, notice: o.notice });
    return [{ ...base, container: c.name, fieldPath: c.fieldPath }];
  }
  const spec = pod.spec;
  return [
    ...(spec.initContainers ?? []).map((c) => ({ ...base, container: c.name, fieldPath: `spec.initContainers{${c.name}}` })),
    ...(spec.containers ?? []).map((c) => ({ ...base, container: c.name, fieldPath: `spec.containers{${c.name}}` })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ ...base, container: c.name, fieldPath: `spec.ephemeralContainers{${c.name}}` })),
  ];
}

export function logQueryParams(q: LogQuery, container: string): Query {
  return {
    container,
    follow: q.follow || undefined,
    previous: q.previous || undefined,
    timestamps: q.timestamps || undefined,
    sinceSeconds: q.sinceSeconds,
    sinceTime: q.sinceTime,
    tailLines: q.tailLines,
    limitBytes: q.limitBytes,
    insecureSkipTLSVerifyBackend: q.insecureSkipTLSVerifyBackend || undefined,
  };
}

export interface StreamOptions {
  prefix: boolean;
  /** ktl only: each pod's prefix in its own colour (the first pod cyan, then green, magenta ...) */
  colorPrefix?: boolean;
  ignoreErrors: boolean;
  /** follow several at once (kubectl: -f with more than one request) */
  parallel: boolean;
  signal: AbortSignal;
}

/** Streams every request's log to `out`; the first failure ends it unless ignoreErrors. */
export async function streamLogs(clients: Clients, requests: LogRequest[], q: LogQuery, out: Writable, o: StreamOptions): Promise<void> {
  const colours = o.colorPrefix ? prefixColours(requests) : undefined;
  const one = async (r: LogRequest, signal: AbortSignal) => {
    const label = `[pod/${r.pod}/${containerFromFieldPath(r.fieldPath)}]`;
    const prefix = o.prefix && r.pod ? Buffer.from(`${colours ? colours(r, label) : label} `) : undefined;
    try {
      await streamOne(clients, r, q, out, prefix, signal, o.parallel || !!prefix);
    } catch (err) {
      if (signal.aborted && !(err instanceof ApiError)) return;
      if (!o.ignoreErrors || isStdoutClosed(err)) throw err;
      await writeOut(out, `error: ${messageOf(err)}\n`);
    }
  };
  if (!o.parallel) {
    for (const r of requests) {
      if (o.signal.aborted) return;
      await one(r, o.signal);
    }
    return;
  }
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      requests.map((r) =>
        one(r, ac.signal).catch((err) => {
          ac.abort();
          throw err;
        }),
      ),
    );
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
}

/** ANSI foreground colours (SGR 36, 32, 35, 33, 34, 31), reset with 39; bright ones after six pods. */
const PALETTE = [36, 32, 35, 33, 34, 31, 96, 92, 95, 93, 94, 91];

/** One colour per pod (namespace/name), in the order the pods are first requested; every container of a pod shares it. */
function prefixColours(requests: LogRequest[]): (r: LogRequest, label: string) => string {
  const index = new Map<string, number>();
  for (const r of requests) {
    const key = `${r.namespace}/${r.pod}`;
    if (!index.has(key)) index.set(key, index.size);
  }
  return (r, label) => `\x1b[${PALETTE[index.get(`${r.namespace}/${r.pod}`)! % PALETTE.length]}m${label}\x1b[39m`;
}

function isStdoutClosed(err: unknown): boolean {
  return typeof err === 'object' && err !== null && err.constructor?.name === 'StdoutClosedError';
}

function containerFromFieldPath(fp: string): string {
  return /spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}/.exec(fp)?.[1] ?? '';
}

async function streamOne(
  clients: Clients,
  r: LogRequest,
  q: LogQuery,
  out: Writable,
  prefix: Buffer | undefined,
  signal: AbortSignal,
  byLine: boolean,
): Promise<void> {
  // --request-timeout is Go's http.Client.Timeout: it covers reading the body too, so a followed log ends there
  const deadlineMs = clients.config.requestTimeoutMs;
  const started = Date.now();
  const res = await clients.rest.stream({
    path: podPath(r.namespace, r.pod, 'log'),
    query: logQueryParams(q, r.container),
    signal,
    accept: 'application/json, */*',
  });
  const onAbort = () => res.close();
  signal.addEventListener('abort', onAbort, { once: true });
  const lines = byLine ? new LineWriter(out, prefix) : undefined;
  let timedOut = false;
  const timer =
    deadlineMs > 0
      ? setTimeout(() => {
          timedOut = true;
          res.close();
        }, Math.max(0, deadlineMs - (Date.now() - started)))
      : undefined;
  try {
    for await (const chunk of res.body) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (lines) await lines.push(b);
      else await writeOut(out, b);
    }
    await lines?.flush();
    if (timedOut) throw new KtlError(CLIENT_TIMEOUT_WHILE_READING);
  } catch (err) {
    if (isStdoutClosed(err)) throw err;
    if (signal.aborted) return;
    if (timedOut) {
      await lines?.flush();
      throw new KtlError(CLIENT_TIMEOUT_WHILE_READING);
    }
    // a log cut off mid-stream: what was read is printed, as kubectl does
    await lines?.flush();
    throw err;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    res.close();
  }
}

/**
 * Go's net/http when the client's Timeout ends a body being read (kubectl
 * says `context deadline exceeded` now and then, when the deadline strikes
 * between reads; this is what it says most often).
 */
const CLIENT_TIMEOUT_WHILE_READING = 'net/http: request canceled (Client.Timeout or context cancellation while reading body)';
