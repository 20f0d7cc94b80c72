/**
 * Containers as kubectl describes them, in pods and in pod templates:
 * ports, command/args, state and last state, resources, probes, env (with
 * valueFrom rendered as kubectl renders it), envFrom and mounts.
 */
import { boolText, compareStrings, goV, sortedKeys, stableSort, stringOrNone, timeRFC1123Z } from './format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.js';
import { milliValue, q, value } from './quantity.js';
import type { Container, ContainerStatus, Pod, ResourceRequirements } from './wire.js';

type Probe = NonNullable<Container['livenessProbe']>;
type ContainerState = NonNullable<ContainerStatus['state']>;
type ResourceFieldRef = NonNullable<NonNullable<NonNullable<Container['env']>[number]['valueFrom']>['resourceFieldRef']>;

/** describeContainers; `pod` resolves env fieldRefs (pods only), `space` is "  " inside a pod template. */
export function describeContainers(
  label: string,
  containers: Container[] | undefined,
  statuses: ContainerStatus[] | undefined,
  pod: Pod | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map<string, ContainerStatus>();
  for (const s of statuses ?? []) byName.set(s.name ?? '', s);
  const list = containers ?? [];
  w.write(LEVEL_0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
  for (const c of list) {
    const status = byName.get(c.name ?? '');
    describeBasicInfo(c, status, space, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if (c.envFrom && c.envFrom.length > 0) describeEnvFrom(c.envFrom, w);
    describeEnv(c, pod, w);
    describeMounts(c, w);
  }
}

function portList(ports: Container['ports'], field: 'containerPort' | 'hostPort'): string {
  return (ports ?? []).map((p) => `${p[field] ?? 0}/${p.protocol ?? ''}`).join(', ');
}

function describeBasicInfo(c: Container, status: ContainerStatus | undefined, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name ?? ''}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(c.ports, 'containerPort');
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(c.ports, 'hostPort');
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeCommand(c: Container, w: PrefixWriter): void {
  const lists: Array<[string, string[] | undefined]> = [
    ['Command', c.command],
    ['Args', c.args],
  ];
  for (const [title, items] of lists) {
    if (!items || items.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of items) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeResources: Limits then Requests, names sorted. */
export function describeResources(resources: ResourceRequirements | undefined | null, w: PrefixWriter, level: number): void {
  if (!resources) return;
  const lists: Array<[string, Record<string, string> | undefined]> = [
    ['Limits', resources.limits],
    ['Requests', resources.requests],
  ];
  for (const [title, list] of lists) {
    const names = sortedKeys(list);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${list![n]}\n`);
  }
}

function describeState(status: ContainerStatus, w: PrefixWriter): void {
  describeStatus('State', status.state ?? {}, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${boolText(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(name: string, state: ContainerState, w: PrefixWriter): void {
  if (state.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${timeRFC1123Z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${timeRFC1123Z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${timeRFC1123Z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function describeProbes(c: Container, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** net.JoinHostPort */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** url.URL{Scheme, Host, Path}.String() for the simple URLs probes make. */
function probeURL(scheme: string, host: string, path: string): string {
  let out = '';
  if (scheme) out += `${scheme}:`;
  if (scheme || host) out += `//${host}`;
  let p = encodeURI(path).replace(/%5B/g, '[').replace(/%5D/g, ']');
  if (p && !p.startsWith('/') && host) p = `/${p}`;
  return out + p;
}

/** DescribeProbe */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goV(p.exec.command ?? [])} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined || g.port === null ? '' : String(g.port);
    const host = port.length > 0 ? joinHostPort(g.host ?? '', port) : (g.host ?? '');
    return `http-get ${probeURL(String(g.scheme ?? '').toLowerCase(), host, g.path ?? '')} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/**
 * EnvValueRetriever: kubectl's scheme knows only metadata.name and
 * metadata.namespace as field labels, so only those resolve; the rest show
 * an empty value.
 */
function fieldRefValue(pod: Pod | undefined, fieldPath: string): string {
  if (!pod) return '';
  if (fieldPath === 'metadata.name') return pod.metadata?.name ?? '';
  if (fieldPath === 'metadata.namespace') return pod.metadata?.namespace ?? '';
  return '';
}

const CEIL = (a: bigint, b: bigint): bigint => {
  if (b === 0n) return 0n;
  const d = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? d + 1n : d;
};

/** resourcehelper.ExtractContainerResourceValue; undefined for a resource it does not know. */
function resourceFieldValue(ref: ResourceFieldRef, c: Container): string | undefined {
  const divisorText = ref.divisor;
  const divisor = q(divisorText && q(divisorText).num !== 0n ? divisorText : '1');
  const res: string = ref.resource ?? '';
  const [kind, name]: ['limits' | 'requests' | '', string] = res.startsWith('limits.')
    ? ['limits', res.slice(7)]
    : res.startsWith('requests.')
      ? ['requests', res.slice(9)]
      : ['', ''];
  if (kind === '') return undefined;
  const known = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
  if (!known) return undefined;
  const amount = q(c.resources?.[kind]?.[name]);
  // float division then ceil in Go; exact here, identical for the values APIs hold
  if (name === 'cpu') return CEIL(milliValue(amount), milliValue(divisor)).toString();
  return CEIL(value(amount), value(divisor)).toString();
}

function describeEnv(c: Container, pod: Pod | undefined, w: PrefixWriter): void {
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (vf.fieldRef) {
      w.write(LEVEL_3, `${e.name}:\t${fieldRefValue(pod, vf.fieldRef.fieldPath ?? '')} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath ?? ''})\n`);
    } else if (vf.resourceFieldRef) {
      let v = resourceFieldValue(vf.resourceFieldRef, c) ?? '';
      const res = vf.resourceFieldRef.resource ?? '';
      if (v === '0' && (res === 'limits.cpu' || res === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${res})\n`);
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key ?? ''}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key ?? ''}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

function describeEnvFrom(envFrom: NonNullable<Container['envFrom']>, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of envFrom) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

/** Go's %q of a string (the subPath flag). */
function goQuoted(s: string): string {
  return JSON.stringify(s);
}

function describeMounts(c: Container, w: PrefixWriter): void {
  const mounts = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of stableSort(mounts, (a, b) => compareStrings(a.mountPath ?? '', b.mountPath ?? '') < 0)) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${goQuoted(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath ?? ''} from ${m.name ?? ''} (${flags.join(',')})\n`);
  }
  const devices = c.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of stableSort(devices, (a, b) => compareStrings(a.devicePath ?? '', b.devicePath ?? '') < 0)) {
      w.write(LEVEL_3, `${d.devicePath ?? ''} from ${d.name ?? ''}\n`);
    }
  }
}
