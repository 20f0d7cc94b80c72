/**
 * Pod volumes as kubectl describes them (describeVolumes): one block per
 * volume with the source's type line and its fields, for every source kind
 * the core API has. Shared by pods and pod templates.
 */
import { compareStrings, goV, printAnnotationsMultiline, printLabelsMultiline, sortedKeys } from './format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, NestedPrefixWriter, type PrefixWriter } from './prefix-writer.js';
import type { V1Volume } from '@kubernetes/client-node';
import { q } from './quantity.js';
import type { Volume } from './wire.js';

/** A volume as the server sent it, or as a client-node object (rollout's pod templates). */
type AnyVolume = Volume | V1Volume;

/** What claimClass reads of a PersistentVolumeClaim or a claim template. */
interface ClaimLike {
  metadata?: { annotations?: Record<string, string> | null };
  spec?: { storageClassName?: string | null };
}

/**
 * Go's %v of a *LocalObjectReference: the API type's generated String()
 * ("&LocalObjectReference{Name:chap,}"), which says "nil" for a nil pointer.
 */
function refV(r: { name?: string } | undefined | null): string {
  if (!r) return 'nil';
  return `&LocalObjectReference{Name:${r.name ?? ''},}`;
}

/** Go's %v of a []string */
function listV(l: string[] | undefined | null): string {
  return `[${(l ?? []).join(' ')}]`;
}

function b(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** Lines "Type:\t<title>" then "    Field:\tvalue" as kubectl's volume printers write them (level 2). */
function block(w: PrefixWriter, title: string, fields: Array<[string, string]>): void {
  w.write(LEVEL_2, `Type:\t${title}\n` + fields.map(([k, v]) => `    ${k}\t${v}\n`).join(''));
}

export function describeVolumes(volumes: readonly AnyVolume[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name ?? ''}:\n`);
    describeVolumeSource(v, w);
  }
}

function describeVolumeSource(v: AnyVolume, w: PrefixWriter): void {
  if (v.hostPath) {
    block(w, 'HostPath (bare host directory volume)', [
      ['Path:', v.hostPath.path ?? ''],
      ['HostPathType:', v.hostPath.type ?? '<none>'],
    ]);
  } else if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit;
    const positive = typeof limit === 'string' && q(limit).num > 0n;
    block(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium:', v.emptyDir.medium ?? ''],
      ['SizeLimit:', positive ? limit : '<unset>'],
    ]);
  } else if (v.gcePersistentDisk) {
    const g = v.gcePersistentDisk;
    block(w, 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [
      ['PDName:', g.pdName ?? ''],
      ['FSType:', g.fsType ?? ''],
      ['Partition:', String(g.partition ?? 0)],
      ['ReadOnly:', b(g.readOnly)],
    ]);
  } else if (v.awsElasticBlockStore) {
    const a = v.awsElasticBlockStore;
    block(w, 'AWSElasticBlockStore (a Persistent Disk resource in AWS)', [
      ['VolumeID:', a.volumeID ?? ''],
      ['FSType:', a.fsType ?? ''],
      ['Partition:', String(a.partition ?? 0)],
      ['ReadOnly:', b(a.readOnly)],
    ]);
  } else if (v.gitRepo) {
    block(w, 'GitRepo (a volume that is pulled from git when the pod is created)', [
      ['Repository:', v.gitRepo.repository ?? ''],
      ['Revision:', v.gitRepo.revision ?? ''],
    ]);
  } else if (v.secret) {
    block(w, 'Secret (a volume populated by a Secret)', [
      ['SecretName:', v.secret.secretName ?? ''],
      ['Optional:', b(v.secret.optional)],
    ]);
  } else if (v.configMap) {
    block(w, 'ConfigMap (a volume populated by a ConfigMap)', [
      ['Name:', v.configMap.name ?? ''],
      ['Optional:', b(v.configMap.optional)],
    ]);
  } else if (v.nfs) {
    block(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server:', v.nfs.server ?? ''],
      ['Path:', v.nfs.path ?? ''],
      ['ReadOnly:', b(v.nfs.readOnly)],
    ]);
  } else if (v.iscsi) {
    const i = v.iscsi;
    block(w, "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
      ['TargetPortal:', i.targetPortal ?? ''],
      ['IQN:', i.iqn ?? ''],
      ['Lun:', String(i.lun ?? 0)],
      ['ISCSIInterface', i.iscsiInterface ?? ''],
      ['FSType:', i.fsType ?? ''],
      ['ReadOnly:', b(i.readOnly)],
      ['Portals:', listV(i.portals)],
      ['DiscoveryCHAPAuth:', b(i.chapAuthDiscovery)],
      ['SessionCHAPAuth:', b(i.chapAuthSession)],
      ['SecretRef:', refV(i.secretRef)],
      ['InitiatorName:', i.initiatorName ?? '<none>'],
    ]);
  } else if (v.glusterfs) {
    block(w, "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [
      ['EndpointsName:', v.glusterfs.endpoints ?? ''],
      ['Path:', v.glusterfs.path ?? ''],
      ['ReadOnly:', b(v.glusterfs.readOnly)],
    ]);
  } else if (v.persistentVolumeClaim) {
    block(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName:', v.persistentVolumeClaim.claimName ?? ''],
      ['ReadOnly:', b(v.persistentVolumeClaim.readOnly)],
    ]);
  } else if (v.ephemeral) {
    w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
    const t = v.ephemeral.volumeClaimTemplate;
    if (t) printClaimTemplate(new NestedPrefixWriter(w, LEVEL_2), t);
  } else if (v.rbd) {
    const r = v.rbd;
    block(w, "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
      ['CephMonitors:', listV(r.monitors)],
      ['RBDImage:', r.image ?? ''],
      ['FSType:', r.fsType ?? ''],
      ['RBDPool:', r.pool ?? ''],
      ['RadosUser:', r.user ?? ''],
      ['Keyring:', r.keyring ?? ''],
      ['SecretRef:', refV(r.secretRef)],
      ['ReadOnly:', b(r.readOnly)],
    ]);
  } else if (v.quobyte) {
    block(w, "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [
      ['Registry:', v.quobyte.registry ?? ''],
      ['Volume:', v.quobyte.volume ?? ''],
      ['ReadOnly:', b(v.quobyte.readOnly)],
    ]);
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const m of v.downwardAPI.items ?? []) {
      if (m.fieldRef) w.write(LEVEL_3, `${m.fieldRef.fieldPath ?? ''} -> ${m.path ?? ''}\n`);
      if (m.resourceFieldRef) w.write(LEVEL_3, `${m.resourceFieldRef.resource ?? ''} -> ${m.path ?? ''}\n`);
    }
  } else if (v.azureDisk) {
    const d = v.azureDisk;
    block(w, 'AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)', [
      ['DiskName:', d.diskName ?? ''],
      ['DiskURI:', d.diskURI ?? ''],
      ['Kind: ', d.kind ?? ''],
      ['FSType:', d.fsType ?? ''],
      ['CachingMode:', d.cachingMode ?? ''],
      ['ReadOnly:', b(d.readOnly)],
    ]);
  } else if (v.vsphereVolume) {
    block(w, 'vSphereVolume (a Persistent Disk resource in vSphere)', [
      ['VolumePath:', v.vsphereVolume.volumePath ?? ''],
      ['FSType:', v.vsphereVolume.fsType ?? ''],
      ['StoragePolicyName:', v.vsphereVolume.storagePolicyName ?? ''],
    ]);
  } else if (v.cinder) {
    block(w, 'Cinder (a Persistent Disk resource in OpenStack)', [
      ['VolumeID:', v.cinder.volumeID ?? ''],
      ['FSType:', v.cinder.fsType ?? ''],
      ['ReadOnly:', b(v.cinder.readOnly)],
      ['SecretRef:', refV(v.cinder.secretRef)],
    ]);
  } else if (v.photonPersistentDisk) {
    block(w, 'PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [
      ['PdID:', v.photonPersistentDisk.pdID ?? ''],
      ['FSType:', v.photonPersistentDisk.fsType ?? ''],
    ]);
  } else if (v.portworxVolume) {
    block(w, 'PortworxVolume (a Portworx Volume resource)', [['VolumeID:', v.portworxVolume.volumeID ?? '']]);
  } else if (v.scaleIO) {
    const s = v.scaleIO;
    block(w, 'ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
      ['Gateway:', s.gateway ?? ''],
      ['System:', s.system ?? ''],
      ['Protection Domain:', s.protectionDomain ?? ''],
      ['Storage Pool:', s.storagePool ?? ''],
      ['Storage Mode:', s.storageMode ?? ''],
      ['VolumeName:', s.volumeName ?? ''],
      ['FSType:', s.fsType ?? ''],
      ['ReadOnly:', b(s.readOnly)],
    ]);
  } else if (v.cephfs) {
    const c = v.cephfs;
    block(w, "CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
      ['Monitors:', listV(c.monitors)],
      ['Path:', c.path ?? ''],
      ['User:', c.user ?? ''],
      ['SecretFile:', c.secretFile ?? ''],
      ['SecretRef:', refV(c.secretRef)],
      ['ReadOnly:', b(c.readOnly)],
    ]);
  } else if (v.storageos) {
    const s = v.storageos;
    block(w, 'StorageOS (a StorageOS Persistent Disk resource)', [
      ['VolumeName:', s.volumeName ?? ''],
      ['VolumeNamespace:', s.volumeNamespace ?? ''],
      ['FSType:', s.fsType ?? ''],
      ['ReadOnly:', b(s.readOnly)],
    ]);
  } else if (v.fc) {
    const f = v.fc;
    block(w, 'FC (a Fibre Channel disk)', [
      ['TargetWWNs:', (f.targetWWNs ?? []).join(', ')],
      ['LUN:', f.lun === undefined || f.lun === null ? '<none>' : String(f.lun)],
      ['FSType:', f.fsType ?? ''],
      ['ReadOnly:', b(f.readOnly)],
    ]);
  } else if (v.azureFile) {
    block(w, 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [
      ['SecretName:', v.azureFile.secretName ?? ''],
      ['ShareName:', v.azureFile.shareName ?? ''],
      ['ReadOnly:', b(v.azureFile.readOnly)],
    ]);
  } else if (v.flexVolume) {
    const f = v.flexVolume;
    block(w, 'FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
      ['Driver:', f.driver ?? ''],
      ['FSType:', f.fsType ?? ''],
      ['SecretRef:', refV(f.secretRef)],
      ['ReadOnly:', b(f.readOnly)],
      ['Options:', goV(f.options ?? {})],
    ]);
  } else if (v.flocker) {
    block(w, 'Flocker (a Flocker volume mounted by the Flocker agent)', [
      ['DatasetName:', v.flocker.datasetName ?? ''],
      ['DatasetUUID:', v.flocker.datasetUUID ?? ''],
    ]);
  } else if (v.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources ?? []) {
      if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    Optional:\t${b(s.secret.optional)}\n`);
      else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    Optional:\t${b(s.configMap.optional)}\n`);
      else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  } else if (v.csi) {
    const c = v.csi;
    block(w, 'CSI (a Container Storage Interface (CSI) volume source)', [
      ['Driver:', c.driver ?? ''],
      ['FSType:', c.fsType ?? ''],
      ['ReadOnly:', b(c.readOnly)],
    ]);
    printCSIAttributes(w, 'VolumeAttributes', c.volumeAttributes);
  } else if (v.image) {
    block(w, 'Image (a container image or OCI artifact)', [
      ['Reference:', v.image.reference ?? ''],
      ['PullPolicy:', v.image.pullPolicy ?? ''],
    ]);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** printCSIPersistentVolumeAttributesMultilineIndent (level 2, long lines cut at 140 bytes). */
export function printCSIAttributes(w: PrefixWriter, title: string, attributes: Record<string, string> | undefined | null): void {
  w.write(LEVEL_2, `${title}:\t`);
  const keys = sortedKeys(attributes).sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${attributes![k]}`;
    const bytes = Buffer.from(line);
    w.write(LEVEL_2, bytes.length > 140 ? `${bytes.subarray(0, 140).toString()}...\n` : `${line}\n`);
  });
}

/** storageutil.GetPersistentVolumeClaimClass */
export function claimClass(pvc: ClaimLike): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

/** printPersistentVolumeClaim for an ephemeral volume's template (not a full PVC). */
function printClaimTemplate(w: PrefixWriter, t: NonNullable<NonNullable<AnyVolume['ephemeral']>['volumeClaimTemplate']>): void {
  const spec = t.spec ?? {};
  w.write(LEVEL_0, `StorageClass:\t${claimClass(t)}\n`);
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', t.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', t.metadata?.annotations);
  // capacity and access modes only once bound to a volume (a template names none)
  w.write(LEVEL_0, `Capacity:\t\n`);
  w.write(LEVEL_0, `Access Modes:\t\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
}
