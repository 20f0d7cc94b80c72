/**
 * What kubectl 1.33's own scheme (k8s.io/kubectl/pkg/scheme: client-go's
 * typed groups, admission, imagepolicy and the meta types) can decode, and
 * the typed-decoding errors it gives for the RBAC kinds `auth reconcile`
 * works on. `auth reconcile` reads -f through that scheme: a kind it does not
 * know (in any group) is `no kind "X" is registered for version "g/v" in
 * scheme "pkg/scheme/scheme.go:28"`, and a field of the wrong JSON type is
 * encoding/json's `cannot unmarshal ... into Go struct field ...`.
 *
 * The kinds per group/version are the type names each k8s.io/api v0.33
 * package registers (its addKnownTypes).
 */
import { isRecord } from '../codec/value.js';
import { KtlError } from '../errors.js';

const REGISTERED: Record<string, string> = {
  'v1': 'Pod PodList PodStatusResult PodTemplate PodTemplateList ReplicationController ReplicationControllerList Service ServiceProxyOptions ServiceList Endpoints EndpointsList Node NodeList NodeProxyOptions Binding Event EventList List LimitRange LimitRangeList ResourceQuota ResourceQuotaList Namespace NamespaceList Secret SecretList ServiceAccount ServiceAccountList PersistentVolume PersistentVolumeList PersistentVolumeClaim PersistentVolumeClaimList PodAttachOptions PodLogOptions PodExecOptions PodPortForwardOptions PodProxyOptions ComponentStatus ComponentStatusList SerializedReference RangeAllocation ConfigMap ConfigMapList',
  'admission.k8s.io/v1': 'AdmissionReview',
  'admission.k8s.io/v1beta1': 'AdmissionReview',
  'admissionregistration.k8s.io/v1': 'ValidatingWebhookConfiguration ValidatingWebhookConfigurationList MutatingWebhookConfiguration MutatingWebhookConfigurationList ValidatingAdmissionPolicy ValidatingAdmissionPolicyList ValidatingAdmissionPolicyBinding ValidatingAdmissionPolicyBindingList',
  'admissionregistration.k8s.io/v1alpha1': 'ValidatingAdmissionPolicy ValidatingAdmissionPolicyList ValidatingAdmissionPolicyBinding ValidatingAdmissionPolicyBindingList MutatingAdmissionPolicy MutatingAdmissionPolicyList MutatingAdmissionPolicyBinding MutatingAdmissionPolicyBindingList',
  'admissionregistration.k8s.io/v1beta1': 'ValidatingWebhookConfiguration ValidatingWebhookConfigurationList MutatingWebhookConfiguration MutatingWebhookConfigurationList ValidatingAdmissionPolicy ValidatingAdmissionPolicyList ValidatingAdmissionPolicyBinding ValidatingAdmissionPolicyBindingList',
  'apps/v1': 'Deployment DeploymentList StatefulSet StatefulSetList DaemonSet DaemonSetList ReplicaSet ReplicaSetList ControllerRevision ControllerRevisionList',
  'apps/v1beta1': 'Deployment DeploymentList DeploymentRollback Scale StatefulSet StatefulSetList ControllerRevision ControllerRevisionList',
  'apps/v1beta2': 'Deployment DeploymentList Scale StatefulSet StatefulSetList DaemonSet DaemonSetList ReplicaSet ReplicaSetList ControllerRevision ControllerRevisionList',
  'authentication.k8s.io/v1': 'TokenReview TokenRequest SelfSubjectReview',
  'authentication.k8s.io/v1alpha1': 'SelfSubjectReview',
  'authentication.k8s.io/v1beta1': 'SelfSubjectReview TokenReview',
  'authorization.k8s.io/v1': 'SelfSubjectRulesReview SelfSubjectAccessReview SubjectAccessReview LocalSubjectAccessReview',
  'authorization.k8s.io/v1beta1': 'SelfSubjectRulesReview SelfSubjectAccessReview SubjectAccessReview LocalSubjectAccessReview',
  'autoscaling/v1': 'HorizontalPodAutoscaler HorizontalPodAutoscalerList Scale',
  'autoscaling/v2': 'HorizontalPodAutoscaler HorizontalPodAutoscalerList',
  'autoscaling/v2beta1': 'HorizontalPodAutoscaler HorizontalPodAutoscalerList',
  'autoscaling/v2beta2': 'HorizontalPodAutoscaler HorizontalPodAutoscalerList',
  'batch/v1': 'Job JobList CronJob CronJobList',
  'batch/v1beta1': 'CronJob CronJobList',
  'certificates.k8s.io/v1': 'CertificateSigningRequest CertificateSigningRequestList',
  'certificates.k8s.io/v1alpha1': 'ClusterTrustBundle ClusterTrustBundleList',
  'certificates.k8s.io/v1beta1': 'CertificateSigningRequest CertificateSigningRequestList ClusterTrustBundle ClusterTrustBundleList',
  'coordination.k8s.io/v1': 'Lease LeaseList',
  'coordination.k8s.io/v1alpha2': 'LeaseCandidate LeaseCandidateList',
  'coordination.k8s.io/v1beta1': 'Lease LeaseList LeaseCandidate LeaseCandidateList',
  'discovery.k8s.io/v1': 'EndpointSlice EndpointSliceList',
  'discovery.k8s.io/v1beta1': 'EndpointSlice EndpointSliceList',
  'events.k8s.io/v1': 'Event EventList',
  'events.k8s.io/v1beta1': 'Event EventList',
  'extensions/v1beta1': 'Deployment DeploymentList DeploymentRollback Scale DaemonSetList DaemonSet Ingress IngressList ReplicaSet ReplicaSetList NetworkPolicy NetworkPolicyList',
  'flowcontrol.apiserver.k8s.io/v1': 'FlowSchema FlowSchemaList PriorityLevelConfiguration PriorityLevelConfigurationList',
  'flowcontrol.apiserver.k8s.io/v1beta1': 'FlowSchema FlowSchemaList PriorityLevelConfiguration PriorityLevelConfigurationList',
  'flowcontrol.apiserver.k8s.io/v1beta2': 'FlowSchema FlowSchemaList PriorityLevelConfiguration PriorityLevelConfigurationList',
  'flowcontrol.apiserver.k8s.io/v1beta3': 'FlowSchema FlowSchemaList PriorityLevelConfiguration PriorityLevelConfigurationList',
  'imagepolicy.k8s.io/v1alpha1': 'ImageReview',
  'internal.apiserver.k8s.io/v1alpha1': 'StorageVersion StorageVersionList',
  'networking.k8s.io/v1': 'Ingress IngressList IngressClass IngressClassList NetworkPolicy NetworkPolicyList IPAddress IPAddressList ServiceCIDR ServiceCIDRList',
  'networking.k8s.io/v1alpha1': 'IPAddress IPAddressList ServiceCIDR ServiceCIDRList',
  'networking.k8s.io/v1beta1': 'Ingress IngressList IngressClass IngressClassList IPAddress IPAddressList ServiceCIDR ServiceCIDRList',
  'node.k8s.io/v1': 'RuntimeClass RuntimeClassList',
  'node.k8s.io/v1alpha1': 'RuntimeClass RuntimeClassList',
  'node.k8s.io/v1beta1': 'RuntimeClass RuntimeClassList',
  'policy/v1': 'PodDisruptionBudget PodDisruptionBudgetList Eviction',
  'policy/v1beta1': 'PodDisruptionBudget PodDisruptionBudgetList Eviction',
  'rbac.authorization.k8s.io/v1': 'Role RoleBinding RoleBindingList RoleList ClusterRole ClusterRoleBinding ClusterRoleBindingList ClusterRoleList',
  'rbac.authorization.k8s.io/v1alpha1': 'Role RoleBinding RoleBindingList RoleList ClusterRole ClusterRoleBinding ClusterRoleBindingList ClusterRoleList',
  'rbac.authorization.k8s.io/v1beta1': 'Role RoleBinding RoleBindingList RoleList ClusterRole ClusterRoleBinding ClusterRoleBindingList ClusterRoleList',
  'resource.k8s.io/v1alpha3': 'DeviceClass DeviceClassList ResourceClaim ResourceClaimList ResourceClaimTemplate ResourceClaimTemplateList ResourceSlice ResourceSliceList DeviceTaintRule DeviceTaintRuleList',
  'resource.k8s.io/v1beta1': 'DeviceClass DeviceClassList ResourceClaim ResourceClaimList ResourceClaimTemplate ResourceClaimTemplateList ResourceSlice ResourceSliceList',
  'resource.k8s.io/v1beta2': 'DeviceClass DeviceClassList ResourceClaim ResourceClaimList ResourceClaimTemplate ResourceClaimTemplateList ResourceSlice ResourceSliceList',
  'scheduling.k8s.io/v1': 'PriorityClass PriorityClassList',
  'scheduling.k8s.io/v1alpha1': 'PriorityClass PriorityClassList',
  'scheduling.k8s.io/v1beta1': 'PriorityClass PriorityClassList',
  'storage.k8s.io/v1': 'StorageClass StorageClassList VolumeAttachment VolumeAttachmentList CSINode CSINodeList CSIDriver CSIDriverList CSIStorageCapacity CSIStorageCapacityList',
  'storage.k8s.io/v1alpha1': 'VolumeAttachment VolumeAttachmentList CSIStorageCapacity CSIStorageCapacityList VolumeAttributesClass VolumeAttributesClassList',
  'storage.k8s.io/v1beta1': 'StorageClass StorageClassList VolumeAttachment VolumeAttachmentList CSIDriver CSIDriverList CSINode CSINodeList CSIStorageCapacity CSIStorageCapacityList VolumeAttributesClass VolumeAttributesClassList',
  'storagemigration.k8s.io/v1alpha1': 'StorageVersionMigration StorageVersionMigrationList',
  'meta.k8s.io/v1': 'Table TableOptions PartialObjectMetadata PartialObjectMetadataList',
  'meta.k8s.io/v1beta1': 'Table TableOptions PartialObjectMetadata PartialObjectMetadataList',
};

/** metav1.AddToGroupVersion adds these to every group/version of the API packages (not to meta.k8s.io). */
const PER_GROUP_VERSION = ['WatchEvent', 'ListOptions', 'GetOptions', 'DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions'];
/** unversioned kinds: decoded in any group/version */
const UNVERSIONED = ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList'];

let known: Map<string, Set<string>> | undefined;

/** Whether kubectl's scheme decodes kind in apiVersion. */
export function schemeKnows(apiVersion: string, kind: string): boolean {
  if (UNVERSIONED.includes(kind)) return true;
  known ??= new Map(
    Object.entries(REGISTERED).map(([gv, kinds]) => [gv, new Set([...kinds.split(' '), ...(gv.startsWith('meta.k8s.io/') ? [] : PER_GROUP_VERSION)])]),
  );
  return known.get(apiVersion)?.has(kind) ?? false;
}

/** kubectl's error for a kind its scheme does not know. */
export function notRegistered(source: string, apiVersion: string, kind: string): KtlError {
  return new KtlError(`unable to decode "${source}": no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/scheme/scheme.go:28"`);
}

/** A Go type as encoding/json sees it. */
type GoType =
  | { t: 'string'; go: string }
  | { t: 'slice'; of: GoType; go: string }
  | { t: 'map'; of: GoType; go: string }
  | { t: 'struct'; name: string; fields: Record<string, GoType>; go: string };

const str = (go = 'string'): GoType => ({ t: 'string', go });
const slice = (of: GoType): GoType => ({ t: 'slice', of, go: `[]${of.go}` });
const struct = (pkg: string, name: string, fields: Record<string, GoType>): GoType => ({ t: 'struct', name, fields, go: `${pkg}.${name}` });

function rbacTypes(pkg: string): Record<string, GoType> {
  const strings = slice(str());
  const rule = struct(pkg, 'PolicyRule', { verbs: strings, apiGroups: strings, resources: strings, resourceNames: strings, nonResourceURLs: strings });
  const requirement = struct('v1', 'LabelSelectorRequirement', { key: str(), operator: str('v1.LabelSelectorOperator'), values: strings });
  const selector = struct('v1', 'LabelSelector', { matchLabels: { t: 'map', of: str(), go: 'map[string]string' }, matchExpressions: slice(requirement) });
  const aggregation = struct(pkg, 'AggregationRule', { clusterRoleSelectors: slice(selector) });
  const subject = struct(pkg, 'Subject', { kind: str(), apiGroup: str(), name: str(), namespace: str() });
  const roleRef = struct(pkg, 'RoleRef', { apiGroup: str(), kind: str(), name: str() });
  return {
    Role: struct(pkg, 'Role', { rules: slice(rule) }),
    ClusterRole: struct(pkg, 'ClusterRole', { rules: slice(rule), aggregationRule: aggregation }),
    RoleBinding: struct(pkg, 'RoleBinding', { subjects: slice(subject), roleRef }),
    ClusterRoleBinding: struct(pkg, 'ClusterRoleBinding', { subjects: slice(subject), roleRef }),
  };
}

/** Go's word for a JSON value in "cannot unmarshal X" (a number going into a string says just "number"). */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/**
 * The first field (keys in sorted order, as the YAML reaches the decoder as
 * sorted JSON) whose JSON type the typed RBAC object cannot hold, as
 * encoding/json words it; undefined when it decodes (unknown fields and
 * nulls are fine: the decoding is not strict).
 */
export function rbacDecodeError(obj: Record<string, unknown>, source: string): KtlError | undefined {
  const apiVersion = String(obj.apiVersion ?? '');
  if (!apiVersion.startsWith('rbac.authorization.k8s.io/')) return undefined;
  const root = rbacTypes(apiVersion.slice(apiVersion.indexOf('/') + 1))[String(obj.kind ?? '')];
  if (!root || root.t !== 'struct') return undefined;
  let found: string | undefined;
  const fail = (v: unknown, owner: string, path: string[], type: GoType) => {
    found ??= `unable to decode "${source}": json: cannot unmarshal ${jsonKind(v)} into Go struct field ${owner}.${path.join('.')} of type ${type.go}`;
  };
  // owner: the innermost struct holding the field being decoded
  const walk = (v: unknown, type: GoType, owner: string, path: string[]): void => {
    if (found || v === null || v === undefined) return;
    if (type.t === 'string') {
      if (typeof v !== 'string') fail(v, owner, path, type);
    } else if (type.t === 'slice') {
      if (!Array.isArray(v)) return fail(v, owner, path, type);
      for (const e of v) walk(e, type.of, owner, path);
    } else if (type.t === 'map') {
      if (!isRecord(v)) return fail(v, owner, path, type);
      for (const k of Object.keys(v).sort()) walk(v[k], type.of, owner, path);
    } else {
      if (!isRecord(v)) return fail(v, owner, path, type);
      for (const k of Object.keys(v).sort()) {
        const ft = type.fields[k];
        if (ft) walk(v[k], ft, type.name, [...path, k]);
      }
    }
  };
  const fields = root.fields;
  for (const k of Object.keys(obj).sort()) {
    const ft = fields[k];
    if (ft) walk(obj[k], ft, root.name, [k]);
  }
  return found === undefined ? undefined : new KtlError(found);
}
