/**
 * `run -i/-t/--attach [--rm]` once the pod is created, as kubectl 1.33's
 * RunOptions.Run: wait (at most --pod-running-timeout) until the pod is
 * running and ready or has completed; attach to it as `attach` does, or
 * print its log when it has completed or the attach failed (kubectl's
 * warning); with --restart=Never/OnFailure (and no --leave-stdin-open) wait
 * for the pod to end and return its container's exit code. With --rm the
 * created objects are deleted afterwards, whatever happened, except after
 * Ctrl-C (kubectl exits at once there).
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import { write } from '../context.js';
import { ApiError, ExitError, KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import { containerOrDefault, type Pod } from './pods.js';
import type { PodCondition } from './watch-pod.js';

type RunPod = Pod & {
  status?: Pod['status'] & {
    containerStatuses?: Array<{ name: string; state?: { terminated?: { exitCode?: number; reason?: string; message?: string } } }>;
  };
};

export interface RunAttachOptions {
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
  /** the policy run waits by ('' --restart with -i is OnFailure) */
  restartPolicy: string;
  leaveStdinOpen: boolean;
  timeoutMs: number;
  /** --rm: the objects to delete afterwards, in this order */
  remove?: { objects: Array<{ mapping: { kind: string; group: string; version: string; resource: string }; namespace: string; name: string }>; cascade: string };
}

/** The container's exit code with the pod's reason and message: kubectl prints it without `error: `. */
export class PodExitError extends ExitError {
  constructor(code: number, text: string) {
    super(code, false);
    this.message = text;
  }
}

const completed = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** kubectl's podRunningAndReady: Running with Ready true; a completed pod ends the wait too. */
const runningAndReady: PodCondition<RunPod> = (p) =>
  completed(p) || (p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

export async function attachToRunPod(f: Factory, pod: Pod, o: RunAttachOptions): Promise<number> {
  const clients = await f.clients();
  let interrupted = false;
  const unregister = f.ctx.onInterrupt(() => {
    interrupted = true;
  });
  try {
    let code: number;
    try {
      code = await attachAndWait(f, clients, pod, o);
    } catch (e) {
      if (!interrupted && o.remove) await removeObjects(f, clients, o);
      throw e;
    }
    if (o.remove) await removeObjects(f, clients, o);
    return code;
  } finally {
    unregister();
  }
}

/** waitForPod: the condition, or kubectl's timeout error; Ctrl-C exits 1. */
async function waitForPod(f: Factory, clients: Clients, pod: Pod, timeoutMs: number, done: PodCondition<RunPod>): Promise<RunPod> {
  const { watchPodUntil } = await import('./watch-pod.js');
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, timeoutMs);
  // kubectl's interrupt handler around the wait: SIGINT, SIGTERM, SIGHUP and SIGQUIT exit 1 at once
  const unregister = f.ctx.exitOnTermination(() => ac.abort());
  try {
    return await watchPodUntil<RunPod>(clients, pod.metadata.namespace, pod.metadata.name, done, ac.signal);
  } catch (e) {
    if (timedOut) throw new KtlError('timed out waiting for the condition');
    if (ac.signal.aborted) throw new ExitError(1);
    throw e;
  } finally {
    clearTimeout(timer);
    unregister();
  }
}

async function attachAndWait(f: Factory, clients: Clients, created: Pod, o: RunAttachOptions): Promise<number> {
  const pod = await waitForPod(f, clients, created, o.timeoutMs, runningAndReady);
  if (completed(pod)) {
    await printLogs(f, clients, pod, o.quiet);
  } else {
    try {
      const notices: string[] = [];
      let container;
      try {
        container = containerOrDefault(pod, '', { quiet: o.quiet, notice: (s) => notices.push(s) });
      } catch (e) {
        throw new KtlError(`cannot attach to the container: ${messageOf(e)}`);
      }
      for (const n of notices) await write(f.io.errOut, n);
      const { attachContainer } = await import('./attach.js');
      await attachContainer(f, pod, container, o);
    } catch (e) {
      // Ctrl-C ends the command (kubectl exits at once); any other failure falls back to the log
      if (e instanceof ExitError && e.silent) throw e;
      await write(f.io.errOut, `warning: couldn't attach to pod/${pod.metadata.name}, falling back to streaming logs: ${messageOf(e)}\n`);
      await printLogs(f, clients, pod, o.quiet);
    }
  }
  const policy = o.restartPolicy;
  if (o.leaveStdinOpen || (policy !== 'Never' && policy !== 'OnFailure')) return 0;
  const end = await waitForPod(f, clients, pod, o.timeoutMs, policy === 'OnFailure' ? (p) => p.status?.phase === 'Succeeded' : completed);
  const ref = `${end.metadata.namespace}/${end.metadata.name}`;
  switch (end.status?.phase) {
    case 'Succeeded':
      return 0;
    case 'Failed': {
      const terminated = end.status.containerStatuses?.[0]?.state?.terminated;
      const rc = terminated?.exitCode ?? 0;
      if (!terminated || rc === 0) throw new KtlError(`pod ${ref} failed with unknown exit code`);
      throw new PodExitError(rc, `pod ${ref} terminated (${terminated.reason ?? ''})\n${terminated.message ?? ''}`);
    }
    default:
      throw new KtlError(`pod ${ref} left in phase ${end.status?.phase ?? ''}`);
  }
}

/** kubectl's logOpts: the log of the container attach would have chosen. */
async function printLogs(f: Factory, clients: Clients, pod: Pod, quiet: boolean): Promise<void> {
  const notices: string[] = [];
  const container = containerOrDefault(pod, '', { quiet, notice: (s) => notices.push(s) });
  for (const n of notices) await write(f.io.errOut, n);
  const { printContainerLogs } = await import('./attach.js');
  await printContainerLogs(f, clients, pod, container.name);
}

/**
 * kubectl's removeCreatedObjects: a DELETE for each (cascade as asked, the
 * object's own grace period), `KIND "NAME" deleted` unless -q; a missing
 * object is skipped and other failures are dropped, as kubectl drops them.
 */
async function removeObjects(f: Factory, clients: Clients, o: RunAttachOptions): Promise<void> {
  const { deleteRef } = await import('../mutate/delete.js');
  for (const obj of o.remove?.objects ?? []) {
    try {
      await clients.rest.delete(resourcePath(obj.mapping, { namespace: obj.namespace, name: obj.name }), JSON.stringify({ propagationPolicy: o.remove!.cascade }));
    } catch (e) {
      if (e instanceof ApiError && e.statusCode === 404) continue;
      return;
    }
    if (!o.quiet) await write(f.io.out, `${deleteRef(obj.mapping.kind, obj.mapping.group, obj.name)} deleted\n`);
  }
}
