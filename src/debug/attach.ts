/**
 * `debug -i` / `--attach`: wait (without a time limit, as kubectl) until the
 * debugging container runs or has ended, then attach to it; an ended
 * container, or a failed attach, falls back to printing its log, with
 * kubectl's warning for the latter.
 */
import { mapAt, mapsAt, stringAt } from '../codec/value.js';
import type { Clients } from '../client/index.js';
import { write } from '../context.js';
import { ExitError, KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import type { Pod } from '../podio/pods.js';
import type { DebugTarget } from './run.js';

interface ContainerState {
  running?: unknown;
  terminated?: unknown;
  waiting?: { message?: string };
}
type StatusPod = Pod & { status?: { [k: string]: unknown } };

function containerStatus(pod: StatusPod, name: string): { state?: ContainerState } | undefined {
  for (const k of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    const found = mapsAt(pod.status, k).find((s) => s.name === name);
    if (!found) continue;
    const state = mapAt(found, 'state');
    return { state: state && { running: state.running, terminated: state.terminated, waiting: { message: stringAt(state.waiting, 'message') } } };
  }
  return undefined;
}

/**
 * Watches the pod until the container's state is running or terminated; a
 * deleted pod is kubectl's NotFound. Waiting messages are printed as
 * warnings unless quiet.
 */
export async function waitForContainer(f: Factory, clients: Clients, t: DebugTarget, quiet: boolean, signal: AbortSignal): Promise<StatusPod> {
  const { watchPodUntil } = await import('../podio/watch-pod.js');
  return watchPodUntil<StatusPod>(clients, t.namespace, t.pod, async (p) => {
    const s = containerStatus(p, t.container);
    if (!s) return false;
    if (s.state?.running || s.state?.terminated) return true;
    const msg = s.state?.waiting?.message;
    if (!quiet && msg) await write(f.io.errOut, `Warning: container ${t.container}: ${msg}\n`);
    return false;
  }, signal);
}

export async function attachToDebugContainer(f: Factory, t: DebugTarget, o: { stdin: boolean; tty: boolean; quiet: boolean }): Promise<void> {
  const clients = await f.clients();
  const ac = new AbortController();
  const unregister = f.ctx.exitOnTermination(() => ac.abort());
  let pod: StatusPod;
  try {
    pod = await waitForContainer(f, clients, t, o.quiet, ac.signal);
  } catch (e) {
    if (ac.signal.aborted) throw new ExitError(1);
    throw e;
  } finally {
    unregister();
  }
  const status = containerStatus(pod, t.container);
  if (status?.state?.terminated) return printLogs(f, clients, pod, t);
  const { findContainer } = await import('../podio/pods.js');
  const found = findContainer(pod, t.container);
  if (!found) throw new KtlError(`cannot attach to the container: container ${t.container} not found in pod ${t.pod}`);
  const { attachContainer } = await import('../podio/attach.js');
  try {
    await attachContainer(f, pod, found.container, o);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    // kubectl prints the error's own text (a server Status: its message)
    const why = messageOf(e);
    await write(f.io.errOut, `warning: couldn't attach to pod/${t.pod}, falling back to streaming logs: ${why}\n`);
    await printLogs(f, clients, pod, t);
  }
}

async function printLogs(f: Factory, clients: Clients, pod: Pod, t: DebugTarget): Promise<void> {
  const { printContainerLogs } = await import('../podio/attach.js');
  await printContainerLogs(f, clients, pod, t.container);
}
