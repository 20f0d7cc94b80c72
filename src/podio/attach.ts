/**
 * Attaching to a container of a pod already chosen, as kubectl's
 * AttachOptions.Run does once it has the pod (used by `attach` and by
 * `debug -i/--attach`): the TTY adjusted to the container's, kubectl's
 * notices, the session, and the reattach hint afterwards.
 */
import type { Clients } from '../client/index.js';
import { write } from '../context.js';
import type { Factory } from '../factory.js';
import { findContainer, podPath, type Container, type Pod } from './pods.js';

export interface AttachOptions {
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
}

export async function attachContainer(f: Factory, pod: Pod, container: Container, o: AttachOptions): Promise<void> {
  let tty = o.tty;
  if (tty && !container.tty) {
    tty = false;
    if (!o.quiet) await write(f.io.errOut, `error: Unable to use a TTY - container ${container.name} did not allocate one\n`);
  } else if (!tty && container.tty) {
    // a container started with a TTY must be attached with one
    tty = true;
  }
  const { setupTerminal } = await import('./terminal.js');
  const { runSession } = await import('./session.js');
  const terminal = setupTerminal(f.io, { stdin: o.stdin, tty, quiet: o.quiet });
  if (!o.quiet) await write(f.io.errOut, "If you don't see a command prompt, try pressing enter.\n");
  await runSession(f.ctx, await f.clients(), {
    path: podPath(pod.metadata.namespace, pod.metadata.name, 'attach'),
    query: {
      container: container.name,
      stdin: terminal.stdin || undefined,
      stdout: true,
      stderr: terminal.raw ? undefined : true,
      tty: terminal.raw || undefined,
    },
    terminal,
    stderr: !terminal.raw,
    redrawResize: true,
  });
  if (!o.quiet && terminal.stdin && terminal.raw && pod.spec.restartPolicy === 'Always') {
    const bin = f.ctx.binName;
    const eph = findContainer(pod, container.name)?.fieldPath.startsWith('spec.ephemeralContainers');
    await write(
      f.io.out,
      eph
        ? `Session ended, the ephemeral container will not be restarted but may be reattached using '${bin} attach ${pod.metadata.name} -c ${container.name} -i -t' if it is still running\n`
        : `Session ended, resume using '${bin} attach ${pod.metadata.name} -c ${container.name} -i -t' command when the pod is running\n`,
    );
  }
}

/**
 * What kubectl prints instead of attaching to a container that has ended
 * (or could not be attached to): its log, once, to stdout.
 */
export async function printContainerLogs(f: Factory, clients: Clients, pod: Pod, container: string): Promise<void> {
  const { streamLogs } = await import('./logs.js');
  const fieldPath = findContainer(pod, container)?.fieldPath ?? `spec.containers{${container}}`;
  await streamLogs(
    clients,
    [{ namespace: pod.metadata.namespace, pod: pod.metadata.name, container, fieldPath }],
    { follow: false, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: false },
    f.io.out,
    { prefix: false, ignoreErrors: false, parallel: false, signal: new AbortController().signal },
  );
}
