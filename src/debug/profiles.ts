/**
 * kubectl debug's profiles (kubectl 1.33 pkg/cmd/debug/profiles.go): what
 * each of legacy, general, baseline, restricted, netadmin and sysadmin
 * changes in the debugging pod, for each way of debugging (an ephemeral
 * container in the pod, a copy of the pod, a pod on a node). Pods here are
 * plain JSON objects as the server serves them.
 */
import { KtlError } from '../errors.js';

export type { Json, JsonMap } from '../codec/value.js';
import { listAt, mapsAt, type JsonMap } from '../codec/value.js';
import { childMap } from './json-paths.js';

export const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'] as const;
export type Profile = (typeof PROFILES)[number];

export type DebugStyle = 'ephemeral' | 'podCopy' | 'node';

/** The --keep-* flags (kubectl's KeepFlags). */
export interface KeepFlags {
  labels: boolean;
  annotations: boolean;
  liveness: boolean;
  readiness: boolean;
  startup: boolean;
  initContainers: boolean;
}

export function checkProfile(name: string): Profile {
  const profile = PROFILES.find((p) => p === name);
  if (profile) return profile;
  throw new KtlError(`unknown profile: ${name}`);
}

const spec = (p: JsonMap): JsonMap => childMap(p, 'spec');
const meta = (p: JsonMap): JsonMap => childMap(p, 'metadata');

/**
 * The container called name, looked up as podutils.VisitContainers does:
 * init containers, then containers, then ephemeral containers (only the
 * regular ones when regularOnly).
 */
function findContainer(pod: JsonMap, name: string, regularOnly = false): JsonMap | undefined {
  const s = spec(pod);
  const lists = regularOnly ? ['containers'] : ['initContainers', 'containers', 'ephemeralContainers'];
  for (const l of lists) {
    for (const c of mapsAt(s, l)) if (c.name === name) return c;
  }
  return undefined;
}

function securityContext(c: JsonMap): JsonMap {
  return childMap(c, 'securityContext');
}

function withContainer(pod: JsonMap, name: string, fn: (c: JsonMap) => void): void {
  const c = findContainer(pod, name);
  if (c) fn(c);
}

/** The host's / mounted at /host in the container (regular containers only, as kubectl). */
function mountRootPartition(pod: JsonMap, name: string): void {
  const s = spec(pod);
  s.volumes = [...listAt(s, 'volumes'), { name: 'host-root', hostPath: { path: '/' } }];
  const c = findContainer(pod, name, true);
  if (c) c.volumeMounts = [...listAt(c, 'volumeMounts'), { name: 'host-root', mountPath: '/host' }];
}

function useHostNamespaces(pod: JsonMap): void {
  const s = spec(pod);
  s.hostNetwork = true;
  s.hostPID = true;
  s.hostIPC = true;
}

function shareProcessNamespace(pod: JsonMap): void {
  const s = spec(pod);
  if (s.shareProcessNamespace === undefined || s.shareProcessNamespace === null) s.shareProcessNamespace = true;
}

function clearSecurityContext(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => void delete c.securityContext);
}

function setPrivileged(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => void (securityContext(c).privileged = true));
}

function disallowRoot(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => void (securityContext(c).runAsNonRoot = true));
}

function dropCapabilities(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => {
    const sc = securityContext(c);
    const caps = childMap(sc, 'capabilities');
    caps.drop = ['ALL'];
    delete caps.add;
  });
}

function addCapability(c: JsonMap, cap: string): void {
  const sc = securityContext(c);
  const caps = childMap(sc, 'capabilities');
  caps.add = [...listAt(caps, 'add'), cap];
}

function allowProcessTracing(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => addCapability(c, 'SYS_PTRACE'));
}

function allowNetadminCapability(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => {
    addCapability(c, 'NET_ADMIN');
    addCapability(c, 'NET_RAW');
  });
}

function disallowPrivilegeEscalation(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => void (securityContext(c).allowPrivilegeEscalation = false));
}

function setSeccompProfile(pod: JsonMap, name: string): void {
  withContainer(pod, name, (c) => void (securityContext(c).seccompProfile = { type: 'RuntimeDefault' }));
}

/** What the --keep-* flags do not keep in a copy. */
function removeUnkept(pod: JsonMap, keep: KeepFlags, what: { labels?: boolean; annotations?: boolean; probes?: boolean; init?: boolean }): void {
  if (what.labels && !keep.labels) delete meta(pod).labels;
  if (what.annotations && !keep.annotations) delete meta(pod).annotations;
  if (what.probes) {
    for (const c of mapsAt(spec(pod), 'containers')) {
      if (!keep.liveness) delete c.livenessProbe;
      if (!keep.readiness) delete c.readinessProbe;
      if (!keep.startup) delete c.startupProbe;
    }
  }
  if (what.init && !keep.initContainers) delete spec(pod).initContainers;
}

const ALL_REMOVALS = { labels: true, annotations: true, probes: true, init: true };

/** Applies the profile to container `name` of the debugging pod, in place. */
export function applyProfile(profile: Profile, pod: JsonMap, name: string, style: DebugStyle, keep: KeepFlags): void {
  switch (profile) {
    case 'legacy':
      if (style === 'node') {
        mountRootPartition(pod, name);
        useHostNamespaces(pod);
      } else if (style === 'podCopy') {
        // legacy never keeps the labels of a copy, whatever --keep-labels says
        removeUnkept(pod, { ...keep, labels: false }, { labels: true });
      }
      return;
    case 'general':
      if (style === 'node') {
        mountRootPartition(pod, name);
        clearSecurityContext(pod, name);
        useHostNamespaces(pod);
      } else if (style === 'podCopy') {
        removeUnkept(pod, keep, ALL_REMOVALS);
        allowProcessTracing(pod, name);
        shareProcessNamespace(pod);
      } else allowProcessTracing(pod, name);
      return;
    case 'baseline':
      clearSecurityContext(pod, name);
      if (style === 'podCopy') {
        removeUnkept(pod, keep, ALL_REMOVALS);
        shareProcessNamespace(pod);
      }
      return;
    case 'restricted':
      clearSecurityContext(pod, name);
      disallowRoot(pod, name);
      dropCapabilities(pod, name);
      disallowPrivilegeEscalation(pod, name);
      setSeccompProfile(pod, name);
      if (style === 'podCopy') {
        removeUnkept(pod, keep, ALL_REMOVALS);
        shareProcessNamespace(pod);
      }
      return;
    case 'netadmin':
      allowNetadminCapability(pod, name);
      if (style === 'node') useHostNamespaces(pod);
      else if (style === 'podCopy') {
        removeUnkept(pod, keep, ALL_REMOVALS);
        shareProcessNamespace(pod);
      }
      return;
    case 'sysadmin':
      setPrivileged(pod, name);
      if (style === 'node') {
        useHostNamespaces(pod);
        mountRootPartition(pod, name);
      } else if (style === 'podCopy') {
        removeUnkept(pod, keep, ALL_REMOVALS);
        shareProcessNamespace(pod);
      }
      return;
  }
}
