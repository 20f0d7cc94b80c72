/**
 * `ktl describe` of storage kinds against kubectl.1.33 on the same objects:
 * StorageClass (full and defaulted), PersistentVolume (local with node
 * affinity, CSI with attributes, hostPath, NFS), PersistentVolumeClaim
 * (bound and used by pods, pending with its events, a data source).
 * Outputs must match byte for byte with ages masked.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, uniqueNamespace } from './cluster-env.js';
import { describeBoth, views } from './describe-helpers.js';

const NS = uniqueNamespace('ktl-desc-sto');
const SC = `${NS}-fast`;
const PV = (n: string) => `${NS}-${n}`;

const manifests = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${SC}
  labels: {tier: fast}
  annotations: {storageclass.kubernetes.io/is-default-class: "false", owner: storage-team}
provisioner: example.com/fake-csi
parameters: {type: ssd, iops: "3000", fsType: ext4}
allowVolumeExpansion: true
mountOptions: [noatime, "nfsvers=4.1"]
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowedTopologies:
- matchLabelExpressions:
  - {key: topology.kubernetes.io/zone, values: [zone-a, zone-b]}
  - {key: example.com/rack, values: [r1]}
- matchLabelExpressions:
  - {key: topology.kubernetes.io/region, values: [eu-1]}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ${SC}-plain}
provisioner: kubernetes.io/no-provisioner
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${PV('local')}, labels: {disk: nvme}}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ${SC}-plain
  claimRef: {namespace: ${NS}, name: data}
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [node-a, node-b]}
        - {key: example.com/disk, operator: Exists}
      - matchExpressions:
        - {key: topology.kubernetes.io/zone, operator: NotIn, values: [zone-c]}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${PV('csi')}, annotations: {pv.kubernetes.io/provisioned-by: example.com/fake-csi}}
spec:
  capacity: {storage: 100Mi}
  accessModes: [ReadWriteMany]
  volumeMode: Block
  storageClassName: ${SC}
  csi:
    driver: fake.csi.example.com
    volumeHandle: vol-0123456789
    fsType: xfs
    readOnly: true
    volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: "1700000000000-8081-example.com", pool: gold, long: "${'v'.repeat(150)}"}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${PV('hostpath')}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOncePod]
  hostPath: {path: /var/data, type: DirectoryOrCreate}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${PV('nfs')}, finalizers: [example.com/keep]}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteMany]
  mountOptions: [hard]
  nfs: {server: nfs.example.com, path: /exports/data, readOnly: true}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${NS}, labels: {app: db}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${SC}-plain
  volumeName: ${PV('local')}
  resources: {requests: {storage: 5Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: waiting, namespace: ${NS}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${SC}
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: clone, namespace: ${NS}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${SC}
  volumeMode: Filesystem
  dataSource: {kind: PersistentVolumeClaim, name: data}
  resources: {requests: {storage: 5Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: ${NS}}
spec:
  containers: [{name: db, image: postgres}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Pod
metadata: {name: backup, namespace: ${NS}}
spec:
  containers: [{name: backup, image: busybox}]
  volumes: [{name: src, persistentVolumeClaim: {claimName: data, readOnly: true}}, {name: tmp, emptyDir: {}}]
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: ${NS}}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {name: ${NS}-node, labels: {node: fake}}
spec:
  drivers:
  - {name: fake.csi.example.com, nodeID: node-0123, allocatable: {count: 16}, topologyKeys: [topology.kubernetes.io/zone, example.com/rack]}
  - {name: other.csi.example.com, nodeID: i-0abc, topologyKeys: null}
`;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  const r = await kubectl(['apply', '-f', '-'], { input: manifests });
  if (r.code !== 0) throw new Error(r.stderr);
  // the PV controller binds the pre-bound pair
  await kubectl(['-n', NS, 'wait', '--for=jsonpath={.status.phase}=Bound', 'pvc/data', '--timeout=60s']);
});

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await kubectl(['delete', 'pv', PV('local'), PV('csi'), PV('hostpath'), PV('nfs'), '--wait=false', '--ignore-not-found']);
  await kubectl(['patch', 'pv', PV('nfs'), '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await kubectl(['delete', 'storageclass', SC, `${SC}-plain`, '--ignore-not-found']);
  await kubectl(['delete', 'csinode', `${NS}-node`, '--ignore-not-found']);
});

async function same(args: string[]): Promise<string> {
  const [a, b] = views(await describeBoth(args));
  expect(a).toEqual(b);
  expect(a.code).toBe(0);
  return a.stdout;
}

describe('describe storage kinds (ktl vs kubectl.1.33)', () => {
  test('StorageClass: parameters, mount options, policies and allowed topologies; a defaulted one', async () => {
    const out = await same(['describe', 'storageclass', SC, `${SC}-plain`]);
    expect(out).toContain('AllowedTopologies:');
  });
  test('PersistentVolume: local with node affinity, bound to a claim', async () => {
    const out = await same(['describe', 'pv', PV('local')]);
    expect(out).toMatch(new RegExp(`Claim: +${NS}/data\n`));
  });
  test('PersistentVolumes: CSI with attributes, hostPath, NFS with a finalizer', async () => {
    await same(['describe', 'pv', PV('csi'), PV('hostpath'), PV('nfs')]);
  });
  test('PersistentVolumeClaim bound and used by two pods', async () => {
    const out = await same(['describe', '-n', NS, 'pvc', 'data']);
    expect(out).toMatch(/Used By: +backup\n +db-0\n/);
  });
  test('CSINode with drivers, volume limits and topology keys', async () => {
    const out = await same(['describe', 'csinode', `${NS}-node`]);
    expect(out).toContain('Topology Keys:  [topology.kubernetes.io/zone example.com/rack]');
  });
  test('PersistentVolumeClaims pending (with their events) and with a data source', async () => {
    await same(['describe', '-n', NS, 'pvc', 'waiting', 'clone']);
  });
});
