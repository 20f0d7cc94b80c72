/**
 * The objects kubectl debug sends (kubectl 1.33 pkg/cmd/debug/debug.go):
 * the ephemeral container added to a pod (as a strategic merge patch of the
 * pod), the copy of a pod, and the pod that debugs a node. Pure functions
 * over JSON objects; notices go through `say` (stdout in kubectl).
 */
import { randomInt } from 'node:crypto';
import { KtlError } from '../errors.js';
import { createTwoWayMergePatch, type PatchMeta, type PatchSchema } from '../apply/strategic-merge.js';
import { applyCustomProfile } from './custom.js';
import { encodeStruct, typedRoundTrip } from '../typed/encode.js';
import { childMap, mapList } from './json-paths.js';
import { mapAt } from '../codec/value.js';
import { applyProfile, type JsonMap, type KeepFlags, type Profile } from './profiles.js';

export interface GenerateOptions {
  /** command (or args with --arguments-only) after "--" */
  args: string[];
  argsOnly: boolean;
  container: string;
  copyTo: string;
  env: Array<{ name: string; value: string }>;
  image: string;
  pullPolicy: string;
  interactive: boolean;
  tty: boolean;
  quiet: boolean;
  sameNode: boolean;
  setImages: Array<[string, string]>;
  /** --share-processes when given, else undefined */
  shareProcesses: boolean | undefined;
  target: string;
  profile: Profile;
  keep: KeepFlags;
  custom: JsonMap | undefined;
  /** the 5-character suffix of generated names (utilrand.String) */
  suffix: () => string;
  /** kubectl's informational messages (stdout) */
  say: (line: string) => void;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** utilrand.String(5): five characters of kubectl's alphabet. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

const spec = (p: JsonMap): JsonMap => childMap(p, 'spec');
const list = mapList;

function containerNames(pod: JsonMap): Set<string> {
  const s = spec(pod);
  return new Set([...list(s.containers), ...list(s.initContainers), ...list(s.ephemeralContainers)].map((c) => String(c.name)));
}

/** -c, or debugger-xxxxx not taken in the pod (with kubectl's notice). */
export function debugContainerName(pod: JsonMap, o: GenerateOptions): string {
  if (o.container) return o.container;
  const taken = containerNames(pod);
  let name = '';
  while (name === '' || taken.has(name)) name = `debugger-${o.suffix()}`;
  if (!o.quiet) o.say(`Defaulting debug container name to ${name}.\n`);
  return name;
}

function commandFields(o: GenerateOptions): JsonMap {
  if (o.args.length === 0) return {};
  return o.argsOnly ? { args: o.args } : { command: o.args };
}

function customised(c: JsonMap, o: GenerateOptions): JsonMap {
  return o.custom ? applyCustomProfile(c, o.custom) : c;
}

// ---- ephemeral container ---------------------------------------------------

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };
const mergeBy = (mergeKey: string): PatchMeta => ({ strategies: ['merge'], mergeKey });
const leaf: PatchSchema = { forStruct: () => ({ schema: leaf, meta: NO_META }), forSlice: () => ({ schema: leaf, meta: NO_META }) };
const CONTAINER_LISTS: Record<string, string> = { env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath' };
const containerSchema: PatchSchema = {
  forStruct: () => ({ schema: leaf, meta: NO_META }),
  forSlice: (k) => ({ schema: leaf, meta: CONTAINER_LISTS[k] ? mergeBy(CONTAINER_LISTS[k]!) : NO_META }),
};
const SPEC_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const specSchema: PatchSchema = {
  forStruct: () => ({ schema: leaf, meta: NO_META }),
  forSlice: (k) =>
    SPEC_LISTS.has(k)
      ? { schema: containerSchema, meta: mergeBy('name') }
      : k === 'volumes'
        ? { schema: leaf, meta: { strategies: ['merge', 'retainKeys'], mergeKey: 'name' } }
        : { schema: leaf, meta: NO_META },
};
/** The patch metadata of the Pod fields a debugging container can change. */
export const POD_PATCH_SCHEMA: PatchSchema = {
  forStruct: (k) => ({ schema: k === 'spec' ? specSchema : leaf, meta: NO_META }),
  forSlice: () => ({ schema: leaf, meta: NO_META }),
};

/**
 * The pod with the debugging container added (profile and --custom applied),
 * the container, and the strategic merge patch kubectl sends to the
 * ephemeralcontainers subresource.
 */
export function generateEphemeral(pod: JsonMap, o: GenerateOptions): { debugPod: JsonMap; container: JsonMap; patch: JsonMap } {
  const name = debugContainerName(pod, o);
  const ec: JsonMap = encodeStruct(
    {
      name,
      image: o.image,
      ...commandFields(o),
      ...(o.env.length ? { env: o.env } : {}),
      terminationMessagePolicy: 'File',
      ...(o.pullPolicy ? { imagePullPolicy: o.pullPolicy } : {}),
      ...(o.interactive ? { stdin: true } : {}),
      ...(o.tty ? { tty: true } : {}),
      ...(o.target ? { targetContainerName: o.target } : {}),
    },
    'EphemeralContainer',
  );
  if (!o.image) delete ec.image;
  const debugPod = structuredClone(pod);
  const s = spec(debugPod);
  s.ephemeralContainers = [...list(s.ephemeralContainers), ec];
  applyProfile(o.profile, debugPod, name, 'ephemeral', o.keep);
  const eps = list(spec(debugPod).ephemeralContainers);
  if (o.custom) {
    const at = eps.findIndex((c) => c.name === name);
    if (at < 0) throw new KtlError(`unable to find the ${name} ephemeral container in the pod ${String(mapAt(pod, 'metadata')?.name ?? '')}`);
    const target = eps[at]!.targetContainerName;
    eps[at] = encodeStruct({ ...customised(eps[at]!, o), ...(target !== undefined ? { targetContainerName: target } : {}) }, 'EphemeralContainer');
  }
  const container = eps[eps.length - 1]!;
  const patch = createTwoWayMergePatch(pod, debugPod, POD_PATCH_SCHEMA);
  return { debugPod, container, patch };
}

// ---- node ------------------------------------------------------------------

/** The pod that debugs a node: on that node, tolerating everything, never restarted. */
export function generateNodePod(nodeName: string, o: GenerateOptions): { pod: JsonMap; container: string } {
  const cn = o.container || 'debugger';
  const pn = `node-debugger-${nodeName}-${o.suffix()}`;
  if (!o.quiet) o.say(`Creating debugging pod ${pn} with container ${cn} on node ${nodeName}.\n`);
  const c: JsonMap = {
    name: cn,
    ...(o.image ? { image: o.image } : {}),
    ...commandFields(o),
    ...(o.env.length ? { env: o.env } : {}),
    terminationMessagePolicy: 'File',
    ...(o.pullPolicy ? { imagePullPolicy: o.pullPolicy } : {}),
    ...(o.interactive ? { stdin: true } : {}),
    ...(o.tty ? { tty: true } : {}),
  };
  const pod: JsonMap = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: pn, creationTimestamp: null },
    spec: { containers: [c], restartPolicy: 'Never', nodeName, tolerations: [{ operator: 'Exists' }] },
    status: {},
  };
  applyProfile(o.profile, pod, cn, 'node', o.keep);
  const cs = list(spec(pod).containers);
  const at = cs.findIndex((x) => x.name === cn);
  if (o.custom && at < 0) throw new KtlError(`unable to find the ${cn} container in the pod ${pn}`);
  cs[at] = customised(cs[at]!, o);
  // kubectl creates the pod from its typed struct
  return { pod: typedRoundTrip(pod), container: cn };
}

// ---- copy ------------------------------------------------------------------

/**
 * The copy of a pod (--copy-to) and the name of its debugging container ('' when
 * only images were changed).
 */
export function generateCopy(pod: JsonMap, o: GenerateOptions): { pod: JsonMap; container: string } {
  const src = mapAt(pod, 'metadata') ?? {};
  const metadata: JsonMap = { name: o.copyTo, namespace: src.namespace ?? '', creationTimestamp: null };
  if (src.labels !== undefined && src.labels !== null) metadata.labels = structuredClone(src.labels);
  if (src.annotations !== undefined && src.annotations !== null) metadata.annotations = structuredClone(src.annotations);
  const s = structuredClone(spec(pod));
  delete s.ephemeralContainers;
  if (o.shareProcesses !== undefined) s.shareProcessNamespace = o.shareProcesses;
  if (!o.sameNode) delete s.nodeName;
  const copied: JsonMap = { kind: 'Pod', apiVersion: 'v1', metadata, spec: s, status: {} };
  const images = new Map(o.setImages);
  for (const c of list(s.containers)) {
    const override = images.get(String(c.name)) ?? images.get('*') ?? '';
    if (override) c.image = override;
  }
  let name = o.container;
  let c = [...list(s.containers), ...list(s.initContainers)].find((x) => x.name === name);
  if (!c) {
    if (!o.image) {
      if (images.size > 0) return { pod: finishCopy(copied), container: '' };
      throw new KtlError('you must specify image when creating new container');
    }
    if (!name) name = debugContainerName(copied, o);
    c = { name, terminationMessagePolicy: 'File' };
    s.containers = [...list(s.containers), c];
  }
  if (o.args.length > 0) {
    if (o.argsOnly) c.args = o.args;
    else {
      c.command = o.args;
      delete c.args;
    }
  }
  if (o.env.length > 0) c.env = o.env;
  if (o.image) c.image = o.image;
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.interactive) c.stdin = true;
  else delete c.stdin;
  if (o.tty) c.tty = true;
  else delete c.tty;
  applyProfile(o.profile, copied, String(c.name), 'podCopy', o.keep);
  if (o.custom) {
    const cs = list(spec(copied).containers);
    const at = cs.findIndex((x) => x.name === name);
    if (at < 0) throw new KtlError(`unable to find the ${name} container in the pod ${o.copyTo}`);
    cs[at] = customised(cs[at]!, o);
  }
  return { pod: finishCopy(copied), container: name };
}

/** The copy as kubectl creates it: from its typed struct. */
function finishCopy(p: JsonMap): JsonMap {
  return typedRoundTrip(p);
}

/**
 * kubectl's warning when the pod runs as a non-root user and the profile
 * grants privileges or capabilities that may then not work.
 */
export function nonRootWarning(container: JsonMap | undefined, pod: JsonMap): boolean {
  if (!container) return false;
  const runAsUser = mapAt(spec(pod), 'securityContext')?.runAsUser;
  if (runAsUser === undefined || runAsUser === null || runAsUser === 0) return false;
  const sc = mapAt(container, 'securityContext');
  if (!sc) return false;
  if (sc.runAsUser === 0) return false;
  const adds = mapAt(sc, 'capabilities')?.add;
  if (sc.privileged !== true && !(Array.isArray(adds) && adds.length > 0)) return false;
  return true;
}

export const NON_ROOT_WARNING =
  'Warning: Non-root user is configured for the entire target Pod, and some capabilities granted by debug profile may not work. Please consider using "--custom" with a custom profile that specifies "securityContext.runAsUser: 0".\n';
