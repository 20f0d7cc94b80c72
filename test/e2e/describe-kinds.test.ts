/**
 * `ktl describe` per kind against kubectl.1.33 on the same objects, in
 * realistic shapes: a Deployment that rolled twice, a Pod with init
 * containers, probes, many volume sources and env sources, a Pod stuck
 * Pending (FailedScheduling), a Node with an extended resource and pods
 * requesting it, a Namespace with quota and limit range, StatefulSet,
 * DaemonSet, Job, CronJob, ReplicationController, Services with endpoints,
 * ConfigMap, Secret, ServiceAccount. Byte-identical after masking ages.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, uniqueNamespace } from './cluster-env.js';
import { describeBoth, views } from './describe-helpers.js';

const NS = uniqueNamespace('ktl-desc-kinds');
const NODE = `${NS}-node`.slice(0, 60);
const NSQ = `${NS}-q`;

async function must(args: string[], input?: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const r = await kubectl(args, { input });
    if (r.code === 0) return r.stdout;
    if (attempt >= 4) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

const node = `apiVersion: v1
kind: Node
metadata:
  name: ${NODE}
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {type: kwok, kubernetes.io/hostname: ${NODE}, kubernetes.io/os: linux, kubernetes.io/arch: amd64, node-role.kubernetes.io/worker: "", ktl-desc: "${NS}"}
spec:
  taints: [{key: ktl-desc, value: only, effect: NoSchedule}]
status:
  allocatable: {cpu: "8", memory: 32Gi, pods: "110"}
  capacity: {cpu: "8", memory: 32Gi, pods: "110"}
`;

const onNode = `      nodeSelector: {ktl-desc: "${NS}"}
      tolerations: [{key: ktl-desc, operator: Equal, value: only, effect: NoSchedule}]`;

const quotaObjects = `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {requests.cpu: "4", requests.memory: 8Gi, pods: "20", example.com/gpu: "2"}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: besteffort}
spec:
  hard: {pods: "5"}
  scopes: [BestEffort]
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - {type: Container, defaultRequest: {cpu: 100m}}
  - {type: Pod, max: {memory: 4Gi}}
  - {type: PersistentVolumeClaim, min: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: small}
spec:
  containers:
  - name: s
    image: nginx
    resources: {requests: {cpu: 250m, memory: 1Gi}, limits: {memory: 1Gi}}
`;

const objects = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {app: web}}
data:
  config.yaml: |
    a: 1
    b: two
binaryData:
  blob: AAECAwQ=
---
apiVersion: v1
kind: Secret
metadata: {name: creds, annotations: {owner: team-a}}
type: Opaque
data: {password: c2VjcmV0LXZhbHVl}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder}
secrets: [{name: creds}, {name: gone}]
imagePullSecrets: [{name: regcred}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}, annotations: {team: a}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}
  template:
    metadata: {labels: {app: web}, annotations: {prometheus.io/scrape: "true"}}
    spec:
      serviceAccountName: builder
      containers:
      - name: c
        image: nginx:1
        ports: [{containerPort: 80, name: http}, {containerPort: 443, name: https}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
        readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: https, port: 443, targetPort: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  sessionAffinity: ClientIP
  externalTrafficPolicy: Local
  ports: [{port: 8080, targetPort: 80, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: headless}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: example.com}
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {app: none}
  loadBalancerSourceRanges: [10.0.0.0/8]
  ports: [{name: a, port: 81, targetPort: 8081}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: headless
  replicas: 2
  selector: {matchLabels: {app: db}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: pg
        image: postgres:16
        env: [{name: PGDATA, value: /data/pg}]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data, labels: {tier: db}}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: fast
      resources: {requests: {storage: 5Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
${onNode}
      containers: [{name: a, image: busybox, command: [sh, -c, "sleep 3600"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  completions: 3
  parallelism: 2
  completionMode: Indexed
  backoffLimit: 2
  ttlSecondsAfterFinished: 3600
  activeDeadlineSeconds: 600
  template:
    spec:
      restartPolicy: Never
${onNode}
      containers: [{name: j, image: busybox, command: [echo, hi]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  suspend: true
  startingDeadlineSeconds: 120
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: j, image: busybox, args: [date]}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 1
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec:
${onNode}
      containers: [{name: l, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: pending, labels: {app: pending}}
spec:
  nodeSelector: {disktype: does-not-exist}
  containers: [{name: p, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: vols}
spec:
  containers:
  - name: v
    image: nginx
    volumeMounts:
    - {name: data, mountPath: /data, subPath: app}
    - {name: scratch, mountPath: /scratch}
    volumeDevices: [{name: raw, devicePath: /dev/xvda}]
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data-claim, readOnly: true}}
  - {name: raw, persistentVolumeClaim: {claimName: raw-claim}}
  - name: scratch
    ephemeral:
      volumeClaimTemplate:
        metadata: {labels: {kind: scratch}, annotations: {a: b}}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: fast, volumeMode: Filesystem}
---
apiVersion: v1
kind: Pod
metadata: {name: gpu-a, labels: {app: gpu}}
spec:
${onNode.replace(/^ {4}/gm, '')}
  containers:
  - name: g
    image: cuda
    resources: {requests: {cpu: 500m, memory: 1Gi, example.com/gpu: "1"}, limits: {cpu: "1", memory: 2Gi, example.com/gpu: "1"}}
---
apiVersion: v1
kind: Pod
metadata: {name: full, labels: {app: full, tier: be}, annotations: {note: "a pod with everything"}}
spec:
${onNode.replace(/^ {4}/gm, '')}
  priority: 0
  serviceAccountName: builder
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  initContainers:
  - name: init-db
    image: busybox
    command: [sh, -c]
    args: ["echo init\\necho done"]
  - name: sidecar
    image: envoy
    restartPolicy: Always
    resources: {requests: {cpu: 50m}}
  containers:
  - name: app
    image: nginx:1.25
    ports: [{containerPort: 8080, name: web}, {containerPort: 9090, hostPort: 9090, protocol: UDP}]
    resources: {requests: {cpu: 250m, memory: 256Mi, example.com/gpu: "1"}, limits: {memory: 512Mi, example.com/gpu: "1"}}
    livenessProbe: {exec: {command: [cat, /tmp/ok]}, initialDelaySeconds: 5, periodSeconds: 10}
    readinessProbe: {httpGet: {path: /ready, port: 8080, scheme: HTTPS, host: localhost}, timeoutSeconds: 2}
    startupProbe: {tcpSocket: {port: web}, failureThreshold: 30}
    env:
    - {name: PLAIN, value: hello}
    - {name: MULTI, value: "line1\\nline2"}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}}
    - {name: CPU_REQ, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
    - {name: MEM_LIM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    - {name: CPU_LIM, valueFrom: {resourceFieldRef: {containerName: app, resource: limits.cpu}}}
    - {name: PASS, valueFrom: {secretKeyRef: {name: creds, key: password}}}
    - {name: OPT, valueFrom: {configMapKeyRef: {name: cfg, key: missing, optional: true}}}
    envFrom:
    - configMapRef: {name: cfg}
    - prefix: S_
      secretRef: {name: creds, optional: false}
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg, readOnly: true}
    - {name: scratch, mountPath: /scratch}
    - {name: info, mountPath: /etc/info}
    - {name: all, mountPath: /etc/all}
  - name: tiny
    image: busybox
    command: [sleep, infinity]
  volumes:
  - {name: cfg, configMap: {name: cfg}}
  - {name: creds, secret: {secretName: creds, optional: true}}
  - {name: scratch, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: plain, emptyDir: {}}
  - {name: host, hostPath: {path: /var/log, type: Directory}}
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: cpu, resourceFieldRef: {containerName: app, resource: requests.cpu}}
  - name: all
    projected:
      sources:
      - secret: {name: creds}
      - configMap: {name: cfg, optional: true}
      - downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}
      - serviceAccountToken: {path: token, expirationSeconds: 3600}
  - {name: share, nfs: {server: nfs.example.com, path: /exports, readOnly: true}}
  - {name: csi, csi: {driver: csi.example.com, volumeAttributes: {size: small, zone: a}}}
  tolerations:
  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: full}}}
  readinessGates: [{conditionType: example.com/ready}]
`;

beforeAll(async () => {
  await must(['create', 'ns', NS]);
  await must(['apply', '-f', '-'], node);
  await must([
    'patch',
    'node',
    NODE,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: { capacity: { 'example.com/gpu': '4' }, allocatable: { 'example.com/gpu': '4' } } }),
  ]);
  await must(['apply', '-n', NS, '-f', '-'], objects);
  await must(['create', 'ns', NSQ]);
  await must(['apply', '-n', NSQ, '-f', '-'], quotaObjects);
  await must(['rollout', 'status', '-n', NS, 'deploy/web', '--timeout=90s']);
  // roll twice: two new templates
  await must(['set', 'image', '-n', NS, 'deploy/web', 'c=nginx:2']);
  await must(['rollout', 'status', '-n', NS, 'deploy/web', '--timeout=90s']);
  await must(['set', 'image', '-n', NS, 'deploy/web', 'c=nginx:3']);
  await must(['rollout', 'status', '-n', NS, 'deploy/web', '--timeout=90s']);
  await kubectl(['wait', '-n', NS, '--for=jsonpath={.status.phase}=Running', 'pod/full', 'pod/gpu-a', '--timeout=60s']);
  await kubectl(['wait', '-n', NS, '--for=condition=Complete', 'job/once', '--timeout=60s']);
  await kubectl(['rollout', 'status', '-n', NS, 'ds/agent', '--timeout=60s']);
  // the pending pod's FailedScheduling event
  for (let i = 0; i < 30; i++) {
    const ev = await kubectl(['get', 'events', '-n', NS, '--field-selector', 'reason=FailedScheduling', '-o', 'name']);
    if (ev.stdout.trim()) break;
    await new Promise((res) => setTimeout(res, 1000));
  }
}, 420_000);

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await kubectl(['delete', 'ns', NSQ, '--wait=false']);
  await kubectl(['delete', 'node', NODE, '--wait=false']);
});

const cases: Array<[string, string[], string]> = [
  ['a Deployment that rolled twice', ['deployment', 'web'], 'OldReplicaSets:'],
  ['its ReplicaSets (all of them)', ['rs', '-l', 'app=web'], 'Controlled By:  Deployment/web'],
  ['a Pod with init containers, probes, volumes and env sources', ['pod', 'full'], 'Init Containers:'],
  ['a Pod stuck Pending with FailedScheduling events', ['pod', 'pending'], 'FailedScheduling'],
  ['a Pod waiting for its claims (PVC, block device, ephemeral volume)', ['pod', 'vols'], 'EphemeralVolume'],
  ['a Pod requesting an extended resource', ['pod', 'gpu-a'], 'example.com/gpu'],
  ['the Deployment pods by prefix', ['pods', 'web-'], 'Controlled By:'],
  ['a Node with an extended resource and pods requesting it', ['node', NODE], 'example.com/gpu'],
  ['a Namespace with quotas and a limit range', ['namespace', NSQ], 'Resource Quotas'],
  ['a Namespace without', ['namespace', NS], 'No resource quota.'],
  ['a StatefulSet with claim templates', ['statefulset', 'db'], 'Volume Claims:'],
  ['a DaemonSet', ['daemonset', 'agent'], 'Desired Number of Nodes Scheduled'],
  ['an indexed Job', ['job', 'once'], 'Completed Indexes:'],
  ['a suspended CronJob', ['cronjob', 'nightly'], 'Schedule:'],
  ['a ReplicationController', ['rc', 'legacy'], 'Pods Status:'],
  ['Services (endpoints from EndpointSlices)', ['services'], 'Endpoints:'],
  ['a ConfigMap with data and binary data', ['configmap', 'cfg'], 'BinaryData'],
  ['a Secret (sizes only)', ['secret', 'creds'], 'bytes'],
  ['a ServiceAccount with a missing secret', ['serviceaccount', 'builder'], '(not found)'],
  ['events hidden', ['deployment', 'web', '--show-events=false'], 'NewReplicaSet:'],
];

describe('describe per kind, ktl vs kubectl.1.33', () => {
  test.each(cases)('%s', async (_title, args, mustContain) => {
    const [a, b] = views(await describeBoth(['describe', '-n', NS, ...args]));
    expect(a).toEqual(b);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain(mustContain);
  });
});
