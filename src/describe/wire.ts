/**
 * The Kubernetes object types of @kubernetes/client-node as they arrive on
 * the wire: JSON, so every time (metav1.Time) is the RFC 3339 string the
 * server sent, not the Date the generated classes declare. Type-only: no
 * runtime import of the client library. Where the generator renamed a JSON
 * key (`_default` for `default`, `_from`, `_continue` ...), the type here
 * restores the wire name.
 */
import type {
  V1Container,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Job,
  V1ContainerStatus,
  V1Lease,
  V1LimitRange,
  V1LimitRangeItem,
  V1Namespace,
  V1Node,
  V1PersistentVolumeClaim,
  V1PersistentVolumeSpec,
  V1Pod,
  V1PodSpec,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1ReplicationController,
  V1ResourceQuota,
  V1ResourceRequirements,
  V1Service,
  V1StatefulSet,
  V1TopologySpreadConstraint,
  V1Volume,
} from '@kubernetes/client-node';

/** T with each Date replaced by its JSON form (a string), recursively. */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer E>
    ? Array<Wire<E>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type Pod = Wire<V1Pod>;
export type PodSpec = Wire<V1PodSpec>;
export type PodTemplateSpec = Wire<V1PodTemplateSpec>;
export type Container = Wire<V1Container>;
export type ContainerStatus = Wire<V1ContainerStatus>;
export type ResourceRequirements = Wire<V1ResourceRequirements>;
export type TopologySpreadConstraint = Wire<V1TopologySpreadConstraint>;
export type Volume = Wire<V1Volume>;
export type PersistentVolumeSpec = Wire<V1PersistentVolumeSpec>;
export type Node = Wire<V1Node>;
export type Service = Wire<V1Service>;
export type Namespace = Wire<V1Namespace>;
export type ResourceQuota = Wire<V1ResourceQuota>;
/** A LimitRange item: the JSON key is `default` (client-node calls it `_default`). */
export type LimitRangeItem = Omit<Wire<V1LimitRangeItem>, '_default'> & { default?: Record<string, string> };
export type LimitRange = Omit<Wire<V1LimitRange>, 'spec'> & { spec?: { limits: LimitRangeItem[] } };
export type Lease = Wire<V1Lease>;
export type EndpointSlice = Wire<V1EndpointSlice>;
export type PersistentVolumeClaim = Wire<V1PersistentVolumeClaim>;
export type Deployment = Wire<V1Deployment>;
export type ReplicaSet = Wire<V1ReplicaSet>;
export type ReplicationController = Wire<V1ReplicationController>;
export type StatefulSet = Wire<V1StatefulSet>;
export type DaemonSet = Wire<V1DaemonSet>;
export type Job = Wire<V1Job>;
export type CronJob = Wire<V1CronJob>;
