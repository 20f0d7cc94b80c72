/**
 * The objects `create <generator>` builds, field for field in the order of
 * the Go API structs (kind, apiVersion, metadata{name, namespace,
 * creationTimestamp, labels, ...}, ...), so `-o json` matches kubectl
 * byte for byte. Maps (labels, data, hard) are sorted, as Go marshals maps.
 */
import { createHash } from 'node:crypto';
import { KtlError } from '../errors.js';
import { canonicalQuantity } from './quantity.js';
import { isRecord, pathAt, stringMapAt } from '../codec/value.js';
import { isSelectorParseError, parseRequirements } from '../labels/parse.js';

export type Obj = Record<string, unknown>;

/** An object with ObjectMeta, as header() builds it. */
export type ObjWithMeta = Obj & { metadata: Obj };

/** The object at `key` of `o`, or {} when absent or not an object. */
export function objAt(o: unknown, key: string): Obj {
  const v = pathAt(o, key);
  return isRecord(v) ? v : {};
}

/** Where a generated object goes on the server (no discovery needed). */
export interface StaticMapping {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export const MAPPINGS: Record<string, StaticMapping> = {
  Namespace: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  Secret: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  Service: { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  Pod: { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  Job: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  ClusterRoleBinding: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  ResourceQuota: { group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true },
  PriorityClass: { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false },
  Ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', namespaced: true },
  PodDisruptionBudget: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
};

/** The static mapping of a generated object's kind. */
export function mappingOf(obj: Obj): StaticMapping {
  const m = typeof obj.kind === 'string' ? MAPPINGS[obj.kind] : undefined;
  if (!m) throw new KtlError(`no mapping for kind ${String(obj.kind)}`);
  return m;
}

const RBAC = 'rbac.authorization.k8s.io';

/** Go's map order for JSON: keys sorted by code point. */
/** "a=b,c=d" (run -l, expose -l/--selector) into a map; kubectl's "unexpected <what> spec" for an entry without "=". */
export function parseKeyValues(spec: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new KtlError(`unexpected ${what} spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function sortedMap<V>(m: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = m[k]!;
  return out;
}

/** TypeMeta + ObjectMeta (name, namespace when -n was given, creationTimestamp: null, labels). */
export function header(kind: keyof typeof MAPPINGS, name: string, namespace?: string, labels?: Record<string, string>): ObjWithMeta {
  const m = MAPPINGS[kind]!;
  const metadata: Obj = { name };
  if (namespace && m.namespaced) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (labels) metadata.labels = sortedMap(labels);
  return { kind: m.kind, apiVersion: m.group ? `${m.group}/${m.version}` : m.version, metadata };
}

export function namespaceObject(name: string): Obj {
  return { ...header('Namespace', name), spec: {}, status: {} };
}

export function serviceAccount(name: string, namespace?: string): Obj {
  return header('ServiceAccount', name, namespace);
}

/** The container name kubectl derives from an image: last path part, without tag or digest. */
export function containerNameFor(image: string): string {
  let name = image.split('/').pop()!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  return name.replaceAll('_', '-');
}

function container(name: string, image: string, command: string[], port?: number): Obj {
  // image is omitempty (--image= gives none)
  const c: Obj = image === '' ? { name } : { name, image };
  if (command.length) c.command = command;
  if (port !== undefined && port >= 0) c.ports = [{ containerPort: port }];
  c.resources = {};
  return c;
}

export function deployment(o: { name: string; namespace?: string; images: string[]; replicas: number; port: number; command: string[] }): Obj {
  if (o.images.length > 1 && o.command.length) throw new KtlError('cannot specify multiple --image options and command');
  const labels = { app: o.name };
  const used = new Set<string>();
  const containers = o.images.map((image, i) => {
    let name = containerNameFor(image);
    // kubectl adds a random suffix to repeated names; ktl counts instead
    if (used.has(name)) name = `${name}-${i}`;
    used.add(name);
    return container(name, image, o.command, i === 0 ? o.port : undefined);
  });
  return {
    ...header('Deployment', o.name, o.namespace, labels),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

function podTemplate(name: string, image: string, command: string[], restartPolicy: string): Obj {
  return { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy } };
}

export function job(o: { name: string; namespace?: string; image: string; command: string[] }): Obj {
  return { ...header('Job', o.name, o.namespace), spec: { template: podTemplate(o.name, o.image, o.command, 'Never') }, status: {} };
}

/** `create job NAME --from=cronjob/X`: the cron job's template, owned by it. */
export function jobFromCronJob(name: string, namespace: string | undefined, cronJob: Obj): Obj {
  const cjMeta = objAt(cronJob, 'metadata');
  const tmpl = objAt(objAt(cronJob, 'spec'), 'jobTemplate');
  const tmplMeta = { labels: stringMapAt(tmpl.metadata, 'labels'), annotations: stringMapAt(tmpl.metadata, 'annotations') };
  const annotations = sortedMap({ 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmplMeta.annotations ?? {}) });
  const metadata: Obj = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (tmplMeta.labels) metadata.labels = sortedMap(tmplMeta.labels);
  metadata.annotations = annotations;
  metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cjMeta.name, uid: cjMeta.uid, controller: true }];
  // a typed PodTemplateSpec always carries creationTimestamp (null when unset)
  const spec = structuredClone(objAt(tmpl, 'spec'));
  const template = objAt(spec, 'template');
  const tmeta = objAt(template, 'metadata');
  if (!('creationTimestamp' in tmeta)) template.metadata = insertCreationTimestamp(tmeta);
  if (isRecord(spec.template)) spec.template = template;
  return { kind: 'Job', apiVersion: 'batch/v1', metadata, spec, status: {} };
}

/**
 * What kubectl 1.33 prints for an object a `create` generator sent: its typed
 * client decodes the server's answer into the Go struct and the printer
 * encodes that again. The server's JSON is already in struct order; what the
 * round trip adds is `creationTimestamp: null` in every ObjectMeta a 1.34
 * server leaves out when unset (pod templates, a cron job's job template),
 * and a pod template's `metadata` when the answer has none.
 */
export function asTypedAnswer(obj: Obj): Obj {
  const out = structuredClone(obj);
  const withMeta = (holder: unknown): void => {
    if (!isRecord(holder)) return;
    const meta = isRecord(holder.metadata) ? holder.metadata : undefined;
    if (meta && 'creationTimestamp' in meta) return;
    const fixed = insertCreationTimestamp(meta ?? {});
    if (meta) holder.metadata = fixed;
    else {
      // ObjectMeta comes first in a template (metadata, spec)
      const rest = { ...holder };
      for (const k of Object.keys(holder)) delete holder[k];
      Object.assign(holder, { metadata: fixed }, rest);
    }
  };
  const spec = isRecord(out.spec) ? out.spec : undefined;
  switch (out.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      withMeta(spec?.template);
      break;
    case 'CronJob': {
      const jobTemplate = spec?.jobTemplate;
      withMeta(jobTemplate);
      if (isRecord(jobTemplate) && isRecord(jobTemplate.spec)) withMeta(jobTemplate.spec.template);
      break;
    }
  }
  return out;
}

/** ObjectMeta field order: creationTimestamp after name/generateName/namespace/selfLink/uid/resourceVersion/generation. */
function insertCreationTimestamp(meta: Obj): Obj {
  const before = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation'];
  const out: Obj = {};
  for (const k of before) if (k in meta) out[k] = meta[k];
  out.creationTimestamp = null;
  for (const [k, v] of Object.entries(meta)) if (!(k in out)) out[k] = v;
  return out;
}

export function cronJob(o: { name: string; namespace?: string; image: string; schedule: string; restart: string; command: string[] }): Obj {
  return {
    ...header('CronJob', o.name, o.namespace),
    spec: {
      schedule: o.schedule,
      jobTemplate: { metadata: { name: o.name, creationTimestamp: null }, spec: { template: podTemplate(o.name, o.image, o.command, o.restart || 'OnFailure') } },
    },
    status: {},
  };
}

export function configMap(o: { name: string; namespace?: string; data: Record<string, string>; binaryData: Record<string, string> }): Obj {
  const obj = header('ConfigMap', o.name, o.namespace);
  if (Object.keys(o.data).length) obj.data = sortedMap(o.data);
  if (Object.keys(o.binaryData).length) obj.binaryData = sortedMap(o.binaryData);
  return obj;
}

/** data values are already base64. */
export function secret(o: { name: string; namespace?: string; data: Record<string, string>; type?: string }): Obj {
  const obj = header('Secret', o.name, o.namespace);
  if (Object.keys(o.data).length) obj.data = sortedMap(o.data);
  if (o.type) obj.type = o.type;
  return obj;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

export function dockerConfigJson(o: { server: string; username: string; password: string; email: string }): string {
  const entry: Obj = { username: o.username, password: o.password };
  if (o.email) entry.email = o.email;
  entry.auth = b64(`${o.username}:${o.password}`);
  return goJsonMarshal({ auths: { [o.server]: entry } });
}

/** json.Marshal: compact, HTML characters escaped, insertion order. */
function goJsonMarshal(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * kubectl's --append-hash suffix: sha256 over the JSON of kind, name and
 * data (and type for Secrets, binaryData/immutable when set) with sorted
 * keys, first 10 hex digits with 0,1,3,a,e swapped for g,h,k,m,t so the
 * suffix never looks like a number or a word.
 */
export function nameHash(obj: Obj): string {
  const fields: Obj = { kind: obj.kind, name: pathAt(obj, 'metadata', 'name') };
  fields.data = obj.data ?? {};
  if (obj.kind === 'Secret') fields.type = obj.type ?? '';
  else if (obj.binaryData) fields.binaryData = obj.binaryData;
  if (obj.immutable !== undefined) fields.immutable = obj.immutable;
  const sorted = Object.fromEntries(Object.keys(fields).sort().map((k) => [k, fields[k]]));
  const hex = createHash('sha256').update(goJsonMarshal(sorted)).digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

/** The object renamed to "<name>-<hash>" (create configmap|secret --append-hash). */
export function withNameHash(obj: Obj): Obj {
  const md = objAt(obj, 'metadata');
  return { ...obj, metadata: { ...md, name: `${String(md.name)}-${nameHash(obj)}` } };
}

export function dockerRegistrySecret(o: { name: string; namespace?: string; server: string; username: string; password: string; email: string }): Obj {
  return secret({ name: o.name, namespace: o.namespace, data: { '.dockerconfigjson': b64(dockerConfigJson(o)) }, type: 'kubernetes.io/dockerconfigjson' });
}

export function tlsSecret(o: { name: string; namespace?: string; cert: Buffer; key: Buffer }): Obj {
  return secret({ name: o.name, namespace: o.namespace, data: { 'tls.crt': b64(o.cert), 'tls.key': b64(o.key) }, type: 'kubernetes.io/tls' });
}

/** --tcp=port[:targetPort] into a ServicePort (kubectl's parsePorts: anything after a second ':' is ignored). */
export function servicePort(spec: string, nodePort: number): Obj {
  const parts: Array<string | undefined> = spec.split(':');
  const [portStr = '', targetStr] = parts;
  const port = parseUint16(portStr);
  const p: Obj = { name: spec.replaceAll(':', '-'), protocol: 'TCP', port, targetPort: targetStr === undefined ? port : targetPort(targetStr) };
  if (nodePort > 0) p.nodePort = nodePort;
  return p;
}

/** A target port: a number when strconv.Atoi reads one (1-65535), else a port name. */
function targetPort(s: string): number | string {
  const m = /^[+-]?(\d+)$/.exec(s);
  // Atoi's range is int64: a longer number is taken for a name
  if (m && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n) {
    const n = Number(s);
    if (n < 1 || n > 65535) throw new KtlError('must be between 1 and 65535, inclusive');
    return n;
  }
  const problems: string[] = [];
  if (s.length > 15) problems.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(s)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(s)) problems.push('must contain at least one letter (a-z)');
  if (s.includes('--')) problems.push('must not contain consecutive hyphens');
  if (s.startsWith('-') || s.endsWith('-')) problems.push('must not begin or end with a hyphen');
  if (problems.length > 0) throw new KtlError(problems.join(','));
  return s;
}

/** validation.IsDNS1123Subdomain: at most 253 characters, dot-separated lower-case labels. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

function parseUint16(s: string): number {
  if (!/^\d+$/.test(s)) throw new KtlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KtlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export function service(o: { name: string; namespace?: string; type: ServiceType; tcp: string[]; clusterIP: string; nodePort: number; externalName: string }): Obj {
  if (o.tcp.length === 0 && o.type !== 'ExternalName' && !(o.type === 'ClusterIP' && o.clusterIP === 'None')) {
    throw new KtlError('at least one tcp port specifier must be provided');
  }
  // kubectl validates the name before it reads the ports
  if (o.type === 'ExternalName' && !isDns1123Subdomain(o.externalName)) throw new KtlError(`invalid service external name ${o.externalName}`);
  const labels = { app: o.name };
  const spec: Obj = {};
  const ports = o.tcp.map((t) => servicePort(t, o.type === 'NodePort' ? o.nodePort : 0));
  if (ports.length) spec.ports = ports;
  spec.selector = labels;
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = o.type;
  if (o.type === 'ExternalName') spec.externalName = o.externalName;
  return { ...header('Service', o.name, o.namespace, labels), spec, status: { loadBalancer: {} } };
}

export interface Subjects {
  users: string[];
  groups: string[];
  serviceAccounts: string[];
}

function subjects(s: Subjects): Obj[] {
  const out: Obj[] = [];
  for (const name of s.users) out.push({ kind: 'User', apiGroup: RBAC, name });
  for (const name of s.groups) out.push({ kind: 'Group', apiGroup: RBAC, name });
  for (const sa of s.serviceAccounts) {
    const parts = sa.split(':');
    if (parts.length !== 2) throw new KtlError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return out;
}

export function roleBinding(o: { name: string; namespace?: string; role: string; clusterRole: string; subjects: Subjects }): Obj {
  if ((o.role === '') === (o.clusterRole === '')) throw new KtlError('exactly one of clusterrole or role must be specified');
  const obj = header('RoleBinding', o.name, o.namespace);
  const subs = subjects(o.subjects);
  if (subs.length) obj.subjects = subs;
  obj.roleRef = { apiGroup: RBAC, kind: o.role ? 'Role' : 'ClusterRole', name: o.role || o.clusterRole };
  return obj;
}

export function clusterRoleBinding(o: { name: string; clusterRole: string; subjects: Subjects }): Obj {
  const obj = header('ClusterRoleBinding', o.name);
  const subs = subjects(o.subjects);
  if (subs.length) obj.subjects = subs;
  obj.roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: o.clusterRole };
  return obj;
}

export function role(kind: 'Role' | 'ClusterRole', name: string, namespace: string | undefined, rules: Obj[]): Obj {
  return { ...header(kind, name, kind === 'Role' ? namespace : undefined), rules };
}

export function parseHard(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new KtlError(`Invalid argument syntax ${part}, expected <resource>=<value>`);
    const q = canonicalQuantity(kv[1]!);
    if (q === undefined) throw new KtlError('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
    out[kv[0]!] = q;
  }
  return out;
}

export function quota(o: { name: string; namespace?: string; hard: string; scopes: string }): Obj {
  const spec: Obj = {};
  const hard = parseHard(o.hard);
  if (Object.keys(hard).length) spec.hard = sortedMap(hard);
  const scopes = o.scopes ? o.scopes.split(',').filter(Boolean) : [];
  if (scopes.length) spec.scopes = scopes;
  return { ...header('ResourceQuota', o.name, o.namespace), spec, status: {} };
}

export function priorityClass(o: { name: string; value: number; globalDefault: boolean; description: string; preemptionPolicy: string }): Obj {
  const obj = header('PriorityClass', o.name);
  obj.value = o.value;
  if (o.globalDefault) obj.globalDefault = true;
  if (o.description) obj.description = o.description;
  obj.preemptionPolicy = o.preemptionPolicy;
  return obj;
}

export interface RunPodOptions {
  name: string;
  namespace?: string;
  image: string;
  /** the pod's labels (run=<name> unless -l was given) */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** --port as typed ('' when not given) */
  port: string;
  env: Array<{ name: string; value: string }>;
  /** arguments after the name (or after --) */
  args: string[];
  /** --command: the arguments are the command, not args */
  command: boolean;
  imagePullPolicy: string;
  privileged: boolean;
  restart: string;
  /** -i, -t, --leave-stdin-open: the container's stdin, stdinOnce and tty */
  stdin?: boolean;
  tty?: boolean;
  leaveStdinOpen?: boolean;
}

/** The Pod `kubectl run` builds, fields in the Go struct order. */
export function runPod(o: RunPodOptions): Obj {
  const obj = header('Pod', o.name, o.namespace, o.labels);
  if (Object.keys(o.annotations).length) obj.metadata.annotations = sortedMap(o.annotations);
  const c: Obj = { name: o.name, image: o.image };
  if (o.args.length) c[o.command ? 'command' : 'args'] = o.args;
  if (o.port !== '') c.ports = [{ containerPort: Number(o.port) }];
  if (o.env.length) c.env = o.env;
  c.resources = {};
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  if (o.privileged) c.securityContext = { privileged: true };
  if (o.stdin) c.stdin = true;
  if (o.stdin && !o.leaveStdinOpen) c.stdinOnce = true;
  if (o.tty) c.tty = true;
  return { ...obj, spec: { containers: [c], restartPolicy: o.restart || 'Always', dnsPolicy: 'ClusterFirst' }, status: {} };
}

/** The ClusterIP Service of `kubectl run --expose`: the -l labels (if any), the pod's labels as selector. */
export function runService(o: { name: string; namespace?: string; port: number; labels?: Record<string, string>; selector: Record<string, string> }): Obj {
  const obj = header('Service', o.name, o.namespace, o.labels);
  return {
    ...obj,
    spec: { ports: [{ protocol: 'TCP', port: o.port, targetPort: o.port }], selector: sortedMap(o.selector) },
    status: { loadBalancer: {} },
  };
}

/** create ingress's rule syntax: host/path=service:port[,tls[=secret]]. */
export const INGRESS_RULE = /^(?<host>[\w*\-.]*)(?<path>\/.*)=(?<svcname>[\w-]+):(?<svcport>[\w-]+)(,(?<istls>tls)=?(?<secretname>[\w-]+)?)?/;

/** intstr.Parse: a number when it reads as one, else the string. */
function intOrString(s: string): number | string {
  return /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= 2147483647 ? Number(s) : s;
}

function ingressBackend(service: string): Obj {
  const [name, port = ''] = service.split(':');
  const p = intOrString(port);
  return { service: { name, port: typeof p === 'number' ? (p === 0 ? {} : { number: p }) : { name: p } } };
}

export function ingress(o: { name: string; namespace?: string; ingressClass: string; rules: string[]; annotations: string[]; defaultBackend: string }): Obj {
  const obj = header('Ingress', o.name, o.namespace);
  const annotations: Record<string, string> = {};
  for (const a of o.annotations) {
    const eq = a.indexOf('=');
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  if (Object.keys(annotations).length) obj.metadata.annotations = sortedMap(annotations);
  const spec: Obj = {};
  if (o.ingressClass) spec.ingressClassName = o.ingressClass;
  if (o.defaultBackend) spec.defaultBackend = ingressBackend(o.defaultBackend);
  // TLS: one entry per secret, hosts added to the entry of their secret
  const tls: Array<{ hosts?: string[]; secretName?: string }> = [];
  const seenHosts = new Set<string>();
  for (const rule of o.rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const kv = parts[1]!.split('=');
    const secret = kv.length > 1 ? kv[1]! : '';
    const idx = tls.findIndex((t) => (t.secretName ?? '') === secret);
    if (seenHosts.has(host)) continue;
    if (idx > -1) {
      tls[idx]!.hosts = [...(tls[idx]!.hosts ?? []), host];
      seenHosts.add(host);
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host !== '') entry.hosts = [host];
    if (secret !== '') entry.secretName = secret;
    if (entry.secretName || entry.hosts) tls.push(entry);
    seenHosts.add(host);
  }
  if (tls.length) spec.tls = tls;
  const rules: Array<{ host?: string; http: { paths: Obj[] } }> = [];
  for (const rule of o.rules) {
    const noTls = rule.split(',')[0]!;
    const slash = noTls.indexOf('/');
    const host = noTls.slice(0, slash);
    const pathsvc = noTls.slice(slash + 1).split('=');
    let path = '/' + pathsvc[0]!;
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const p: Obj = { path, pathType, backend: ingressBackend(pathsvc[1]!) };
    const idx = rules.findIndex((r) => (r.host ?? '') === host);
    if (idx > -1) {
      rules[idx]!.http.paths.push(p);
      continue;
    }
    rules.push(host ? { host, http: { paths: [p] } } : { http: { paths: [p] } });
  }
  if (rules.length) spec.rules = rules;
  return { ...obj, spec, status: { loadBalancer: {} } };
}

/** metav1.ParseToLabelSelector: equality into matchLabels, the rest into matchExpressions (sorted by key). */
export function parseToLabelSelector(sel: string): Obj {
  // labels.ParseToRequirements, with its lexer's and parser's errors
  let reqs: Array<{ key: string; op: string; values: string[] }>;
  try {
    reqs = parseRequirements(sel).map((r) => ({ key: r.key, op: r.operator, values: r.values }));
  } catch (err) {
    if (isSelectorParseError(err)) throw new KtlError(`couldn't parse the selector string "${sel}": ${err.message}`);
    throw err;
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Obj[] = [];
  for (const r of reqs) {
    switch (r.op) {
      case '=':
      case '==':
        matchLabels[r.key] = r.values[0]!;
        break;
      case 'in':
        matchExpressions.push({ key: r.key, operator: 'In', values: r.values });
        break;
      case 'notin':
        matchExpressions.push({ key: r.key, operator: 'NotIn', values: r.values });
        break;
      case 'exists':
        matchExpressions.push({ key: r.key, operator: 'Exists' });
        break;
      case '!':
        matchExpressions.push({ key: r.key, operator: 'DoesNotExist' });
        break;
      case 'gt':
      case 'lt':
        throw new KtlError(`"${r.op}" isn't supported in label selectors`);
      default:
        throw new KtlError(`"${r.op}" is not a valid label selector operator`);
    }
  }
  const out: Obj = {};
  if (Object.keys(matchLabels).length) out.matchLabels = sortedMap(matchLabels);
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

export function podDisruptionBudget(o: { name: string; namespace?: string; selector: string; minAvailable: string; maxUnavailable: string }): Obj {
  const obj = header('PodDisruptionBudget', o.name, o.namespace);
  const spec: Obj = {};
  if (o.minAvailable) spec.minAvailable = intOrString(o.minAvailable);
  spec.selector = parseToLabelSelector(o.selector);
  if (!o.minAvailable && o.maxUnavailable) spec.maxUnavailable = intOrString(o.maxUnavailable);
  return { ...obj, spec, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } };
}
