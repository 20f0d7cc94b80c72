/**
 * The "Source:" block of a PersistentVolume: one printer per volume
 * plugin, with kubectl's labels and Go's %v renderings (booleans as
 * true/false, a missing number as 0, a nil pointer as <nil>; a secret
 * reference through its generated String(): &SecretReference{...}, or "nil"
 * when missing).
 */
import { isRecord, mapAt, pathAt } from '../codec/value.js';
import { compareStrings } from './format.js';
import { LEVEL_1, LEVEL_2, type PrefixWriter } from './prefix-writer.js';

// The spec is decoded JSON; each printer reads the fields it knows.
type Src = Record<string, unknown>;

const MAX_ANNOTATION_LEN = 140;

/** %v of a string field (empty when unset). */
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
/** %v of a bool field. */
const b = (v: unknown): string => (v ? 'true' : 'false');
/** %v of an int field. */
const n = (v: unknown): string => (v === undefined || v === null ? '0' : String(v));
/** %v of a []string field. */
const list = (v: unknown): string => `[${(Array.isArray(v) ? v : []).join(' ')}]`;
/** %v of a map[string]string field (Go prints maps sorted by key). */
const map = (v: unknown): string => {
  const m = isRecord(v) ? v : {};
  return `map[${Object.keys(m)
    .sort(compareStrings)
    .map((k) => `${k}:${String(m[k])}`)
    .join(' ')}]`;
};

/** %v of a *SecretReference / *LocalObjectReference: the generated String(), "nil" for a nil pointer. */
function secretRef(v: unknown, withNamespace: boolean): string {
  if (!isRecord(v)) return 'nil';
  return withNamespace ? `&SecretReference{Name:${s(v.name)},Namespace:${s(v.namespace)},}` : `&LocalObjectReference{Name:${s(v.name)},}`;
}

function block(w: PrefixWriter, title: string, fields: Array<[string, string]>): void {
  w.write(LEVEL_2, `Type:\t${title}\n` + fields.map(([k, v]) => `    ${k}\t${v}\n`).join(''));
}

/** printCSIPersistentVolumeAttributesMultilineIndent */
function printVolumeAttributes(w: PrefixWriter, attrs: Src | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = Object.keys(attrs ?? {}).sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${key}=${String(attrs?.[key])}`;
    const bytes = Buffer.from(line);
    w.write(LEVEL_2, bytes.length > MAX_ANNOTATION_LEN ? `${bytes.subarray(0, MAX_ANNOTATION_LEN).toString()}...\n` : `${line}\n`);
  });
}

const PRINTERS: Array<[string, (w: PrefixWriter, v: Src) => void]> = [
  ['hostPath', (w, v) => block(w, 'HostPath (bare host directory volume)', [['Path:', s(v.path)], ['HostPathType:', v.type === undefined || v.type === null ? '<none>' : s(v.type)]])],
  ['gcePersistentDisk', (w, v) =>
    block(w, 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [['PDName:', s(v.pdName)], ['FSType:', s(v.fsType)], ['Partition:', n(v.partition)], ['ReadOnly:', b(v.readOnly)]])],
  ['awsElasticBlockStore', (w, v) =>
    block(w, 'AWSElasticBlockStore (a Persistent Disk resource in AWS)', [['VolumeID:', s(v.volumeID)], ['FSType:', s(v.fsType)], ['Partition:', n(v.partition)], ['ReadOnly:', b(v.readOnly)]])],
  ['nfs', (w, v) => block(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [['Server:', s(v.server)], ['Path:', s(v.path)], ['ReadOnly:', b(v.readOnly)]])],
  ['iscsi', (w, v) =>
    block(w, "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
      ['TargetPortal:', s(v.targetPortal)],
      ['IQN:', s(v.iqn)],
      ['Lun:', n(v.lun)],
      ['ISCSIInterface', s(v.iscsiInterface)],
      ['FSType:', s(v.fsType)],
      ['ReadOnly:', b(v.readOnly)],
      ['Portals:', list(v.portals)],
      ['DiscoveryCHAPAuth:', b(v.chapAuthDiscovery)],
      ['SessionCHAPAuth:', b(v.chapAuthSession)],
      ['SecretRef:', secretRef(v.secretRef, true)],
      ['InitiatorName:', v.initiatorName === undefined || v.initiatorName === null ? '<none>' : s(v.initiatorName)],
    ])],
  ['glusterfs', (w, v) =>
    block(w, "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [
      ['EndpointsName:', s(v.endpoints)],
      ['EndpointsNamespace:', v.endpointsNamespace === undefined || v.endpointsNamespace === null ? '<unset>' : s(v.endpointsNamespace)],
      ['Path:', s(v.path)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['rbd', (w, v) =>
    block(w, "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
      ['CephMonitors:', list(v.monitors)],
      ['RBDImage:', s(v.image)],
      ['FSType:', s(v.fsType)],
      ['RBDPool:', s(v.pool)],
      ['RadosUser:', s(v.user)],
      ['Keyring:', s(v.keyring)],
      ['SecretRef:', secretRef(v.secretRef, true)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['quobyte', (w, v) =>
    block(w, "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [['Registry:', s(v.registry)], ['Volume:', s(v.volume)], ['ReadOnly:', b(v.readOnly)]])],
  ['vsphereVolume', (w, v) =>
    block(w, 'vSphereVolume (a Persistent Disk resource in vSphere)', [['VolumePath:', s(v.volumePath)], ['FSType:', s(v.fsType)], ['StoragePolicyName:', s(v.storagePolicyName)]])],
  ['cinder', (w, v) =>
    block(w, 'Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID:', s(v.volumeID)], ['FSType:', s(v.fsType)], ['ReadOnly:', b(v.readOnly)], ['SecretRef:', secretRef(v.secretRef, true)]])],
  ['azureDisk', (w, v) =>
    // the API server defaults kind, fsType, cachingMode and readOnly
    block(w, 'AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)', [
      ['DiskName:', s(v.diskName)],
      ['DiskURI:', s(v.diskURI)],
      ['Kind: ', s(v.kind)],
      ['FSType:', s(v.fsType)],
      ['CachingMode:', s(v.cachingMode)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['photonPersistentDisk', (w, v) => block(w, 'PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [['PdID:', s(v.pdID)], ['FSType:', s(v.fsType)]])],
  ['portworxVolume', (w, v) => block(w, 'PortworxVolume (a Portworx Volume resource)', [['VolumeID:', s(v.volumeID)]])],
  ['scaleIO', (w, v) =>
    block(w, 'ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
      ['Gateway:', s(v.gateway)],
      ['System:', s(v.system)],
      ['Protection Domain:', s(v.protectionDomain)],
      ['Storage Pool:', s(v.storagePool)],
      ['Storage Mode:', s(v.storageMode)],
      ['VolumeName:', s(v.volumeName)],
      ['SecretName:', s(pathAt(v, 'secretRef', 'name'))],
      ['SecretNamespace:', s(pathAt(v, 'secretRef', 'namespace'))],
      ['FSType:', s(v.fsType)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['local', (w, v) => block(w, 'LocalVolume (a persistent volume backed by local storage on a node)', [['Path:', s(v.path)]])],
  ['cephfs', (w, v) =>
    block(w, "CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
      ['Monitors:', list(v.monitors)],
      ['Path:', s(v.path)],
      ['User:', s(v.user)],
      ['SecretFile:', s(v.secretFile)],
      ['SecretRef:', secretRef(v.secretRef, true)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['storageos', (w, v) =>
    block(w, 'StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName:', s(v.volumeName)], ['VolumeNamespace:', s(v.volumeNamespace)], ['FSType:', s(v.fsType)], ['ReadOnly:', b(v.readOnly)]])],
  ['fc', (w, v) =>
    block(w, 'FC (a Fibre Channel disk)', [
      ['TargetWWNs:', (Array.isArray(v.targetWWNs) ? v.targetWWNs : []).join(', ')],
      ['LUN:', v.lun === undefined || v.lun === null ? '<none>' : String(v.lun)],
      ['FSType:', s(v.fsType)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['azureFile', (w, v) =>
    block(w, 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [
      ['SecretName:', s(v.secretName)],
      ['SecretNamespace:', s(v.secretNamespace)],
      ['ShareName:', s(v.shareName)],
      ['ReadOnly:', b(v.readOnly)],
    ])],
  ['flexVolume', (w, v) =>
    block(w, 'FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
      ['Driver:', s(v.driver)],
      ['FSType:', s(v.fsType)],
      ['SecretRef:', secretRef(v.secretRef, true)],
      ['ReadOnly:', b(v.readOnly)],
      ['Options:', map(v.options)],
    ])],
  ['flocker', (w, v) => block(w, 'Flocker (a Flocker volume mounted by the Flocker agent)', [['DatasetName:', s(v.datasetName)], ['DatasetUUID:', s(v.datasetUUID)]])],
  ['csi', (w, v) => {
    block(w, 'CSI (a Container Storage Interface (CSI) volume source)', [['Driver:', s(v.driver)], ['FSType:', s(v.fsType)], ['VolumeHandle:', s(v.volumeHandle)], ['ReadOnly:', b(v.readOnly)]]);
    printVolumeAttributes(w, mapAt(v, 'volumeAttributes'));
  }],
];

/** The source printer of the first volume plugin set in a PersistentVolumeSpec, as kubectl's switch picks it. */
export function printPersistentVolumeSource(w: PrefixWriter, spec: Src): void {
  for (const [field, print] of PRINTERS) {
    const source = spec[field];
    if (source !== undefined && source !== null) {
      print(w, isRecord(source) ? source : {});
      return;
    }
  }
  w.write(LEVEL_1, '<unknown>\n');
}
