/**
 * kustomize v5.6.0's default field specs for its built-in transformers, as
 * data: "Kind|group|version|path" with a trailing "|+" when the field is
 * created where missing. Empty parts of the type match any.
 */

const WORKLOADS_TEMPLATE = (field: string) => [
  `ReplicationController||v1|spec/template/metadata/${field}|+`,
  `Deployment|||spec/template/metadata/${field}|+`,
  `ReplicaSet|||spec/template/metadata/${field}|+`,
  `DaemonSet|||spec/template/metadata/${field}|+`,
];

/** metadata labels of objects and of the pod templates they carry */
export const METADATA_LABELS: readonly string[] = [
  '|||metadata/labels|+',
  ...WORKLOADS_TEMPLATE('labels'),
  'StatefulSet|apps||spec/template/metadata/labels|+',
  'StatefulSet|apps||spec/volumeClaimTemplates[]/metadata/labels|+',
  'Job|batch||spec/template/metadata/labels|+',
  'CronJob|batch||spec/jobTemplate/metadata/labels|+',
  'CronJob|batch||spec/jobTemplate/spec/template/metadata/labels|+',
];

const AFFINITY = (kind: string) => [
  `${kind}|apps||spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels`,
  `${kind}|apps||spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels`,
  `${kind}|apps||spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels`,
  `${kind}|apps||spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels`,
  `${kind}|apps||spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels`,
];

/** commonLabels (and labels with includeSelectors): selectors too */
export const COMMON_LABELS: readonly string[] = [
  'Service||v1|spec/selector|+',
  'ReplicationController||v1|spec/selector|+',
  'Deployment|||spec/selector/matchLabels|+',
  ...AFFINITY('Deployment'),
  'ReplicaSet|||spec/selector/matchLabels|+',
  'DaemonSet|||spec/selector/matchLabels|+',
  'StatefulSet|apps||spec/selector/matchLabels|+',
  ...AFFINITY('StatefulSet'),
  'Job|batch||spec/selector/matchLabels',
  'CronJob|batch||spec/jobTemplate/spec/selector/matchLabels',
  'PodDisruptionBudget|policy||spec/selector/matchLabels',
  'NetworkPolicy|networking.k8s.io||spec/podSelector/matchLabels',
  'NetworkPolicy|networking.k8s.io||spec/ingress/from/podSelector/matchLabels',
  'NetworkPolicy|networking.k8s.io||spec/egress/to/podSelector/matchLabels',
  ...METADATA_LABELS,
];

export const COMMON_ANNOTATIONS: readonly string[] = [
  '|||metadata/annotations|+',
  ...WORKLOADS_TEMPLATE('annotations'),
  'StatefulSet|||spec/template/metadata/annotations|+',
  'Job|batch||spec/template/metadata/annotations|+',
  'CronJob|batch||spec/jobTemplate/metadata/annotations|+',
  'CronJob|batch||spec/jobTemplate/spec/template/metadata/annotations|+',
];

/** namespace: besides metadata.namespace of namespaced objects */
export const NAMESPACE: readonly string[] = [
  'Namespace|||metadata/name|+',
  'APIService|apiregistration.k8s.io||spec/service/namespace|+',
  'CustomResourceDefinition|apiextensions.k8s.io||spec/conversion/webhook/clientConfig/service/namespace',
];

export const IMAGES: readonly string[] = [
  '|||spec/containers[]/image|+',
  '|||spec/initContainers[]/image|+',
  '|||spec/template/spec/containers[]/image|+',
  '|||spec/template/spec/initContainers[]/image|+',
];

/** in the order kustomize's merged configuration lists them (its error message shows it) */
export const REPLICAS: readonly string[] = [
  'Deployment|||spec/replicas|+',
  'StatefulSet|||spec/replicas|+',
  'ReplicaSet|||spec/replicas|+',
  'ReplicationController|||spec/replicas|+',
];
