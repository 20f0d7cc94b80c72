/**
 * `ktl describe` of access, policy and cluster kinds against kubectl.1.33
 * on the same objects: Role/ClusterRole (the policy rule table, with
 * resource names, subresources and non-resource URLs), RoleBinding,
 * ClusterRoleBinding, PodDisruptionBudget, PriorityClass, ResourceQuota
 * (scopes; used shown in the hard format), LimitRange, HorizontalPodAutoscaler
 * (resource, object, pods, external and container metrics, behavior),
 * CertificateSigningRequest (approved with a full subject; denied),
 * CustomResourceDefinition and Lease (kubectl's generic describer).
 * Outputs must match byte for byte with ages masked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, repoRoot, uniqueNamespace } from './cluster-env.js';
import { describeBoth, views } from './describe-helpers.js';

const NS = uniqueNamespace('ktl-desc-pol');
const CLUSTER = (n: string) => `${NS}-${n}`;
const GROUP = `${NS}.example.com`;
const CRD = `backups.${GROUP}`;
const pem = (name: string) => Buffer.from(readFileSync(path.join(repoRoot, 'test/e2e/fixtures/describe', name))).toString('base64');

const manifests = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app-reader, namespace: ${NS}, labels: {team: app}}
rules:
- apiGroups: ["", apps]
  resources: [pods, pods/log, deployments]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [app-config, app-flags]
  verbs: [get, update]
- apiGroups: [""]
  resources: [pods]
  verbs: [delete, get]
- apiGroups: [batch]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${CLUSTER('ops')}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
rules:
- apiGroups: [apps]
  resources: [deployments/scale, statefulsets/scale]
  resourceNames: [web, db]
  verbs: [get, patch, update]
- nonResourceURLs: [/healthz, /healthz/*, /metrics]
  verbs: [get]
- apiGroups: [metrics.k8s.io, ""]
  resources: [nodes, pods]
  verbs: [get, list]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-readers, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-reader}
subjects:
- {kind: User, name: jane@example.com, apiGroup: rbac.authorization.k8s.io}
- {kind: Group, name: developers, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: ci, namespace: ${NS}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${CLUSTER('ops')}, labels: {team: ops}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${CLUSTER('ops')}}
subjects:
- {kind: Group, name: "system:serviceaccounts:${NS}", apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: kube-system}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb, namespace: ${NS}}
spec:
  minAvailable: 50%
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: track, operator: NotIn, values: [canary]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db-pdb, namespace: ${NS}}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: db}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: ${CLUSTER('critical')}, annotations: {owner: platform}}
value: 1000000
preemptionPolicy: Never
description: Business-critical workloads that must not be preempted.
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: ${NS}}
spec:
  hard:
    requests.cpu: "4"
    requests.memory: 1G
    limits.memory: 8Gi
    pods: "10"
    requests.storage: 100Gi
    count/deployments.apps: "5"
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: long-running, namespace: ${NS}}
spec:
  hard: {pods: "4", requests.cpu: "2"}
  scopes: [NotTerminating, NotBestEffort]
---
apiVersion: v1
kind: LimitRange
metadata: {name: per-resource, namespace: ${NS}}
spec:
  limits:
  - type: Container
    max: {cpu: "2"}
    min: {cpu: 50m}
    default: {cpu: 400m}
    defaultRequest: {cpu: 100m}
    maxLimitRequestRatio: {cpu: "4"}
  - type: PersistentVolumeClaim
    max: {storage: 50Gi}
    min: {storage: 1Gi}
  - type: Pod
    max: {memory: 4Gi}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: ${NS}, labels: {app: web}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 200Mi}}
  - type: Object
    object:
      metric: {name: requests-per-second}
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route}
      target: {type: Value, value: 2k}
  - type: Object
    object:
      metric: {name: queue-depth}
      describedObject: {apiVersion: v1, kind: Service, name: queue}
      target: {type: AverageValue, averageValue: "30"}
  - type: Pods
    pods:
      metric: {name: packets-per-second}
      target: {type: AverageValue, averageValue: 1k}
  - type: External
    external:
      metric: {name: queue_messages_ready, selector: {matchLabels: {queue: worker_tasks}}}
      target: {type: AverageValue, averageValue: "30"}
  - type: External
    external:
      metric: {name: errors_total}
      target: {type: Value, value: "5"}
  - type: ContainerResource
    containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
      policies: [{type: Percent, value: 100, periodSeconds: 15}, {type: Pods, value: 4, periodSeconds: 15}]
      selectPolicy: Max
    scaleDown:
      stabilizationWindowSeconds: 300
      policies: [{type: Percent, value: 10, periodSeconds: 60}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: plain, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}
  maxReplicas: 3
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: ${CLUSTER('web')}, labels: {app: web}, annotations: {requested-by: ops}}
spec:
  request: ${pem('csr-full.pem')}
  signerName: example.com/serving
  expirationSeconds: 86400
  usages: [digital signature, key encipherment, server auth]
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: ${CLUSTER('node')}}
spec:
  request: ${pem('csr-minimal.pem')}
  signerName: example.com/client
  usages: [client auth]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: leader, namespace: ${NS}, labels: {app: controller}}
spec:
  holderIdentity: controller-7d9f-abcde_0b6a1f2c
  leaseDurationSeconds: 15
  leaseTransitions: 3
  acquireTime: "2026-01-02T03:04:05.123456Z"
  renewTime: "2026-01-02T03:14:05.654321Z"
`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${CRD}, annotations: {owner: data-team}}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: {plural: backups, singular: backup, kind: Backup, shortNames: [bk], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Schedule, type: string, jsonPath: .spec.schedule}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        description: A scheduled backup of a database.
        properties:
          spec:
            type: object
            required: [schedule]
            properties:
              schedule: {type: string, pattern: "^(\\\\S+ ){4}\\\\S+$"}
              retention: {type: integer, minimum: 1, default: 7}
              target:
                type: object
                properties:
                  bucket: {type: string}
                  prefix: {type: string}
          status:
            type: object
            properties:
              lastRun: {type: string, format: date-time}
  - name: v1beta1
    served: true
    storage: false
    deprecated: true
    deprecationWarning: use v1
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  const r = await kubectl(['apply', '-f', '-'], { input: manifests });
  if (r.code !== 0) throw new Error(r.stderr);
  const c = await kubectl(['apply', '-f', '-'], { input: crd });
  if (c.code !== 0) throw new Error(c.stderr);
  await kubectl(['wait', '--for=condition=Established', `crd/${CRD}`, '--timeout=60s']);
  await kubectl(['certificate', 'approve', CLUSTER('web')]);
  await kubectl(['certificate', 'deny', CLUSTER('node')]);
  // the quota controller fills in "used" (the web pod's requests count)
  await kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
  await kubectl(['-n', NS, 'wait', '--for=jsonpath={.status.used.pods}=1', 'resourcequota/compute', '--timeout=60s']);
});

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await kubectl(['delete', 'clusterrole,clusterrolebinding', CLUSTER('ops'), '--ignore-not-found']);
  await kubectl(['delete', 'priorityclass', CLUSTER('critical'), '--ignore-not-found']);
  await kubectl(['delete', 'csr', CLUSTER('web'), CLUSTER('node'), '--ignore-not-found']);
  await kubectl(['delete', 'crd', CRD, '--ignore-not-found', '--wait=false']);
});

async function same(args: string[]): Promise<string> {
  const [a, b] = views(await describeBoth(args));
  expect(a).toEqual(b);
  expect(a.code).toBe(0);
  return a.stdout;
}

describe('describe access, policy and cluster kinds (ktl vs kubectl.1.33)', () => {
  test('Role: rules broken down, merged per resource and sorted', async () => {
    const out = await same(['describe', '-n', NS, 'role', 'app-reader']);
    expect(out).toMatch(/configmaps +\[\] +\[app-config\] +\[get update\]/);
  });
  test('ClusterRole with resource names, subresources and non-resource URLs', async () => {
    const out = await same(['describe', 'clusterrole', CLUSTER('ops')]);
    expect(out).toMatch(/\[\/healthz\/\*\] +\[\] +\[get\]/);
    expect(out).toContain('deployments.apps/scale');
  });
  test('built-in ClusterRoles (aggregated admin, system:discovery)', async () => {
    await same(['describe', 'clusterrole', 'admin', 'system:discovery']);
  });
  test('RoleBinding and ClusterRoleBinding', async () => {
    await same(['describe', '-n', NS, 'rolebinding', 'app-readers']);
    await same(['describe', 'clusterrolebinding', CLUSTER('ops')]);
  });
  test('PodDisruptionBudgets (min available %, max unavailable)', async () => {
    await same(['describe', '-n', NS, 'pdb', 'web-pdb', 'db-pdb']);
  });
  test('PriorityClass', async () => {
    await same(['describe', 'priorityclass', CLUSTER('critical')]);
  });
  test('ResourceQuotas: used in the hard format, scopes with their help', async () => {
    const out = await same(['describe', '-n', NS, 'quota', 'compute', 'long-running']);
    // the pods request 128Mi each (binary), the hard 1G is decimal: kubectl shows the bytes
    expect(out).toMatch(/requests\.memory +\d{9,} +1G\n/);
    expect(out).toContain(' * Matches all pods that do not have an active deadline.');
  });
  test('LimitRange', async () => {
    await same(['describe', '-n', NS, 'limitrange', 'per-resource']);
  });
  test('HorizontalPodAutoscaler v2: every metric type, behavior, conditions', async () => {
    const out = await same(['describe', '-n', NS, 'hpa', 'web', 'plain']);
    expect(out).toContain('"requests-per-second" on Ingress/main-route (target value):');
  });
  test('CertificateSigningRequests: approved with subject and SANs, denied', async () => {
    const out = await same(['describe', 'csr', CLUSTER('web'), CLUSTER('node')]);
    expect(out).toContain('Requested Duration:');
    expect(out).toMatch(/IP Addresses:\s+10\.0\.0\.7\n\s+2001:db8::1\n/);
  });
  test('CustomResourceDefinition with versions and a schema (generic describer)', async () => {
    await same(['describe', 'crd', CRD]);
  });
  test('Lease (generic describer)', async () => {
    await same(['describe', '-n', NS, 'lease', 'leader']);
  });
});
