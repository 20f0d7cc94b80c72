/**
 * The "Pod Template:" block kubectl's describe code prints for a workload
 * revision (rollout history --revision, undo --dry-run). kubectl writes it
 * with raw tabs and no column alignment, so neither do we.
 */
type Any = any;

const L = (level: number) => '  '.repeat(level);

function multiline(title: string, entries: string[], out: string[]): void {
  // "<title>:\t<first>\n\t<next>\n"; "<none>" when empty
  if (entries.length === 0) {
    out.push(`${title}:\t<none>\n`);
    return;
  }
  out.push(`${title}:\t${entries[0]}\n`);
  for (const e of entries.slice(1)) out.push(`\t${e}\n`);
}

const sortedKeys = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).sort();

export function labelLines(labels: Record<string, string> | undefined): string[] {
  return sortedKeys(labels).map((k) => `${k}=${labels![k]}`);
}

function annotationLines(ann: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const k of sortedKeys(ann)) {
    if (k === 'kubectl.kubernetes.io/last-applied-configuration') continue;
    const v = ann[k]!;
    const parts = v.split('\n');
    lines.push(`${k}: ${parts[0]}`, ...parts.slice(1));
  }
  return lines;
}

function tolerationText(t: Any): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
  return s;
}

function portsText(ports: Any[] | undefined, field: 'containerPort' | 'hostPort'): string {
  return (ports ?? []).map((p) => `${p[field] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
}

function probeText(p: Any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const scheme = String(h.scheme ?? 'HTTP').toLowerCase();
    const host = h.host ?? '';
    const port = h.port === undefined ? '' : `:${h.port}`;
    return `http-get ${scheme}://${host}${port}${h.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainer(c: Any, out: string[]): void {
  out.push(`${L(1)} ${c.name}:\n`);
  out.push(`${L(2)}Image:\t${c.image ?? ''}\n`);
  const ports = portsText(c.ports, 'containerPort');
  out.push(ports.includes(',') ? `${L(2)}Ports:\t${ports}\n` : `${L(2)}Port:\t${ports || '<none>'}\n`);
  const hostPorts = portsText(c.ports, 'hostPort');
  out.push(hostPorts.includes(',') ? `${L(2)}Host Ports:\t${hostPorts}\n` : `${L(2)}Host Port:\t${hostPorts || '<none>'}\n`);
  if (c.securityContext?.seccompProfile) out.push(`${L(2)}SeccompProfile:\t${c.securityContext.seccompProfile.type}\n`);
  for (const [field, title] of [['command', 'Command'], ['args', 'Args']] as const) {
    if (!c[field]?.length) continue;
    out.push(`${L(2)}${title}:\n`);
    for (const arg of c[field] as string[]) for (const line of arg.split('\n')) out.push(`${L(3)}${line}\n`);
  }
  for (const [field, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
    const m = c.resources?.[field] as Record<string, string> | undefined;
    if (!m || Object.keys(m).length === 0) continue;
    out.push(`${L(2)}${title}:\n`);
    for (const k of sortedKeys(m)) out.push(`${L(3)}${k}:\t${m[k]}\n`);
  }
  if (c.livenessProbe) out.push(`${L(2)}Liveness:\t${probeText(c.livenessProbe)}\n`);
  if (c.readinessProbe) out.push(`${L(2)}Readiness:\t${probeText(c.readinessProbe)}\n`);
  if (c.startupProbe) out.push(`${L(2)}Startup:\t${probeText(c.startupProbe)}\n`);
  if (c.envFrom?.length) {
    out.push(`${L(2)}Environment Variables from:\n`);
    for (const e of c.envFrom as Any[]) {
      const ref = e.configMapRef ?? e.secretRef ?? {};
      const from = e.configMapRef ? 'ConfigMap' : 'Secret';
      const optional = ref.optional === true;
      out.push(
        e.prefix
          ? `${L(3)}${ref.name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`
          : `${L(3)}${ref.name}\t${from}\tOptional: ${optional}\n`,
      );
    }
  }
  const env = (c.env ?? []) as Any[];
  out.push(`${L(2)}Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (String(e.value ?? '').split('\n')).forEach((line, i) => out.push(i === 0 ? `${L(3)}${e.name}:\t${line}\n` : `${L(3)}\t${line}\n`));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) out.push(`${L(3)}${e.name}:\t (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
    else if (vf.resourceFieldRef) out.push(`${L(3)}${e.name}:\t (${vf.resourceFieldRef.resource})\n`);
    else if (vf.secretKeyRef) {
      out.push(`${L(3)}${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      out.push(`${L(3)}${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
  const mounts = [...((c.volumeMounts ?? []) as Any[])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  out.push(`${L(2)}Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    out.push(`${L(3)}${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    out.push(`${L(2)}Devices:\n`);
    for (const d of c.volumeDevices as Any[]) out.push(`${L(3)}${d.devicePath} from ${d.name}\n`);
  }
}

function describeVolume(v: Any, out: string[]): void {
  out.push(`${L(1)} ${v.name}:\n`);
  const line = (k: string, val: unknown) => out.push(`${L(2)}${k}:\t${val}\n`);
  if (v.emptyDir) {
    line('Type', 'EmptyDir (a temporary directory that shares a pod\'s lifetime)');
    line('Medium', v.emptyDir.medium ?? '');
    line('SizeLimit', v.emptyDir.sizeLimit ?? '<unset>');
  } else if (v.configMap) {
    line('Type', 'ConfigMap (a volume populated by a ConfigMap)');
    line('Name', v.configMap.name ?? '');
    line('Optional', v.configMap.optional === true);
  } else if (v.secret) {
    line('Type', 'Secret (a volume populated by a Secret)');
    line('SecretName', v.secret.secretName ?? '');
    line('Optional', v.secret.optional === true);
  } else if (v.hostPath) {
    line('Type', 'HostPath (bare host directory volume)');
    line('Path', v.hostPath.path ?? '');
    line('HostPathType', v.hostPath.type ?? '');
  } else if (v.persistentVolumeClaim) {
    line('Type', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
    line('ClaimName', v.persistentVolumeClaim.claimName ?? '');
    line('ReadOnly', v.persistentVolumeClaim.readOnly === true);
  } else {
    out.push(`${L(2)}<unknown>\n`);
  }
}

/** kubectl's DescribePodTemplate output for a pod template spec. */
export function describePodTemplate(template: Any): string {
  const out: string[] = ['Pod Template:\n'];
  if (!template) {
    out.push(`${L(1)}<unset>`);
    return out.join('');
  }
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  multiline(`${L(1)}Labels`, labelLines(meta.labels), out);
  if (meta.annotations && Object.keys(meta.annotations).length) multiline(`${L(1)}Annotations`, annotationLines(meta.annotations), out);
  if (spec.serviceAccountName) out.push(`${L(1)}Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) {
    out.push(`${L(1)}Init Containers:\n`);
    for (const c of spec.initContainers) describeContainer(c, out);
  }
  const containers = (spec.containers ?? []) as Any[];
  out.push(containers.length ? `${L(1)}Containers:\n` : `${L(1)}Containers: <none>\n`);
  for (const c of containers) describeContainer(c, out);
  const volumes = (spec.volumes ?? []) as Any[];
  if (volumes.length === 0) out.push(`${L(1)}Volumes:\t<none>\n`);
  else {
    out.push(`${L(1)}Volumes:\n`);
    for (const v of volumes) describeVolume(v, out);
  }
  if (spec.priorityClassName) out.push(`${L(1)}Priority Class Name:\t${spec.priorityClassName}\n`);
  multiline(`${L(1)}Node-Selectors`, labelLines(spec.nodeSelector), out);
  multiline(`${L(1)}Tolerations`, ((spec.tolerations ?? []) as Any[]).map(tolerationText), out);
  return out.join('');
}
