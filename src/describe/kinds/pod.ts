/**
 * Pod: identity, node, status, IPs, owner, containers (init, regular,
 * ephemeral) with their state, probes, env and mounts, readiness gates,
 * conditions, volumes, QoS, node selectors, tolerations, topology spread
 * and events (searched by name, namespace and uid: kubectl leaves the kind
 * out, and uses a mirror pod's config hash as its uid).
 */
import { ApiError } from '../../errors.js';
import { getObject, gvr, listObjects } from '../api.js';
import { describeContainers, describeResources } from '../containers.js';
import { describeEvents, eventFieldSelector, eventsFor, EVENTS, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, since, timeRFC1123Z } from '../format.js';
import { describeTopologySpreadConstraints, podQOS } from '../pod-template.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';
import { controllerText } from '../selectors.js';
import { describeVolumes } from '../volumes.js';
import type { Pod } from '../wire.js';

export const PODS = gvr('', 'v1', 'pods');
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

function describePodIPs(pod: Pod, w: PrefixWriter, space: string): void {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, `${space}IPs:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}IPs:\n`);
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
}

export function renderPod(pod: Pod, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const md = pod.metadata ?? {};
    const spec = pod.spec ?? { containers: [] };
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${timeRFC1123Z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    if (md.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(md.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${md.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    describePodIPs(pod, w, '');
    const owner = controllerText(pod);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, pod, w, '');
    }
    describeContainers('Containers', spec.containers, status.containerStatuses, pod, w, '');
    if ((spec.ephemeralContainers ?? []).length > 0) {
      describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, pod, w, '');
    }
    const conditions = status.conditions ?? [];
    const gates = spec.readinessGates ?? [];
    if (gates.length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const c = conditions.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType ?? ''} \t${c ? (c.status ?? '') : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(w, events, now);
  });
}

const describePod: Describer = async (dc, namespace, name) => {
  let pod: Pod;
  try {
    pod = await getObject<Pod>(dc, PODS, namespace, name);
  } catch (err) {
    // a pod that is gone may still have events: kubectl shows them
    if (dc.settings.showEvents && err instanceof ApiError) {
      const events = await listObjects<CoreEvent>(dc, EVENTS, namespace, { fieldSelector: eventFieldSelector({ name, namespace }) }).catch(
        (): CoreEvent[] => [],
      );
      if (events.length > 0) {
        return tabbedString((w) => {
          w.write(LEVEL_0, `Pod '${name}': error '${err.message}', but found events.\n`);
          describeEvents(w, events, dc.now);
        });
      }
    }
    throw err;
  }
  const md = pod.metadata ?? {};
  const mirror = md.annotations?.[MIRROR_POD_ANNOTATION];
  const events = await eventsFor(dc, { namespace: md.namespace, name: md.name, uid: mirror ?? md.uid });
  return renderPod(pod, events, dc.now);
};

registerDescriber('', 'Pod', describePod);
