/**
 * Rollout status viewers: given a workload object, say how far its rollout
 * has come, in kubectl's words. Pure; the command decides when to look.
 */
import type {
  V1DaemonSetSpec,
  V1DaemonSetStatus,
  V1DeploymentSpec,
  V1DeploymentStatus,
  V1StatefulSetSpec,
  V1StatefulSetStatus,
} from '@kubernetes/client-node';
import { KtlError } from '../errors.js';
import { noStatusViewer } from './kinds.js';
import type { KubeObject } from '../client/rest.js';
import { stringAt } from '../codec/value.js';

export interface RolloutStatus {
  /** one line, newline included, as kubectl prints it */
  message: string;
  done: boolean;
}

/** A workload as JSON: any field may be missing. */
type Workload<Spec, Status> = KubeObject & { metadata?: { generation?: number }; spec?: Partial<Spec>; status?: Partial<Status> };
type Deployment = Workload<V1DeploymentSpec, V1DeploymentStatus>;
type DaemonSet = Workload<V1DaemonSetSpec, V1DaemonSetStatus>;
type StatefulSet = Workload<V1StatefulSetSpec, V1StatefulSetStatus>;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Which kinds have a status viewer (kubectl: Deployment, DaemonSet, StatefulSet in apps). */
export function hasStatusViewer(group: string, kind: string): boolean {
  return group === 'apps' && ['Deployment', 'DaemonSet', 'StatefulSet'].includes(kind);
}

export function rolloutStatus(group: string, kind: string, obj: KubeObject, revision = 0): RolloutStatus {
  if (!hasStatusViewer(group, kind)) throw noStatusViewer(group, kind);
  if (kind === 'Deployment') return deploymentStatus(obj, revision);
  if (kind === 'DaemonSet') return daemonSetStatus(obj);
  return statefulSetStatus(obj);
}

/** The deployment's revision annotation as a number (0 when absent). */
export function objectRevision(obj: KubeObject, name: string): number {
  const ann = stringAt(obj.metadata?.annotations, REVISION_ANNOTATION);
  if (ann === undefined || ann === '') return 0;
  if (!/^-?\d+$/.test(ann)) {
    throw new KtlError(`cannot get the revision of deployment "${name}": strconv.ParseInt: parsing "${ann}": invalid syntax`);
  }
  return Number(ann);
}

export function deploymentStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = d.metadata?.name ?? '';
  if (revision > 0) {
    const running = objectRevision(d, name);
    if (running !== revision) {
      throw new KtlError(`desired revision (${revision}) is different from the running revision (${running})`);
    }
  }
  const generation = num(d.metadata?.generation);
  const st = d.status ?? {};
  if (generation > num(st.observedGeneration)) {
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  const progressing = st.conditions?.find((c) => c?.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    throw new KtlError(`deployment "${name}" exceeded its progress deadline`);
  }
  const wanted = d.spec?.replicas;
  const updated = num(st.updatedReplicas);
  const waiting = (what: string): RolloutStatus => ({
    message: `Waiting for deployment "${name}" rollout to finish: ${what}...\n`,
    done: false,
  });
  if (typeof wanted === 'number' && updated < wanted) return waiting(`${updated} out of ${wanted} new replicas have been updated`);
  if (num(st.replicas) > updated) return waiting(`${num(st.replicas) - updated} old replicas are pending termination`);
  if (num(st.availableReplicas) < updated) return waiting(`${num(st.availableReplicas)} of ${updated} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

export function daemonSetStatus(ds: DaemonSet): RolloutStatus {
  const name = ds.metadata?.name ?? '';
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new KtlError('rollout status is only available for RollingUpdate strategy type');
  }
  const st = ds.status ?? {};
  if (num(ds.metadata?.generation) > num(st.observedGeneration)) {
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  const desired = num(st.desiredNumberScheduled);
  const waiting = (what: string): RolloutStatus => ({
    message: `Waiting for daemon set "${name}" rollout to finish: ${what}...\n`,
    done: false,
  });
  if (num(st.updatedNumberScheduled) < desired) return waiting(`${num(st.updatedNumberScheduled)} out of ${desired} new pods have been updated`);
  if (num(st.numberAvailable) < desired) return waiting(`${num(st.numberAvailable)} of ${desired} updated pods are available`);
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

export function statefulSetStatus(sts: StatefulSet): RolloutStatus {
  const strategy = sts.spec?.updateStrategy ?? {};
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new KtlError('rollout status is only available for RollingUpdate strategy type');
  }
  const st = sts.status ?? {};
  const observed = num(st.observedGeneration);
  if (observed === 0 || num(sts.metadata?.generation) > observed) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = sts.spec?.replicas;
  if (typeof replicas === 'number' && num(st.readyReplicas) < replicas) {
    return { message: `Waiting for ${replicas - num(st.readyReplicas)} pods to be ready...\n`, done: false };
  }
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (typeof replicas === 'number' && typeof partition === 'number' && num(st.updatedReplicas) < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${num(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return { message: `partitioned roll out complete: ${num(st.updatedReplicas)} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${num(st.updatedReplicas)} pods at revision ${st.updateRevision ?? ''}...\n`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${num(st.currentReplicas)} pods at revision ${st.currentRevision ?? ''}...\n`,
    done: true,
  };
}
