/** StorageClass (storage.k8s.io/v1). */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { boolPtr } from '../format.js';
import { formatLabels } from '../label-format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

interface TopologySelectorTerm {
  matchLabelExpressions?: Array<{ key?: string; values?: string[] | null }> | null;
}

export interface StorageClass extends Described {
  provisioner?: string;
  parameters?: Record<string, string> | null;
  allowVolumeExpansion?: boolean | null;
  mountOptions?: string[] | null;
  reclaimPolicy?: string | null;
  volumeBindingMode?: string | null;
  allowedTopologies?: TopologySelectorTerm[] | null;
}

/** storageutil.IsDefaultAnnotationText */
function isDefaultClass(annotations: Record<string, string> | null | undefined): string {
  const a = annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    ? 'Yes'
    : 'No';
}

function printAllowedTopologies(w: PrefixWriter, terms: TopologySelectorTerm[]): void {
  w.write(LEVEL_0, 'AllowedTopologies:\t');
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_1, `Term ${i}:\t`);
    const reqs = term.matchLabelExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_1, '\t');
      const values = req.values ?? [];
      const expr = values.length > 0 ? `${req.key ?? ''} in [${values.join(', ')}]` : `${req.key ?? ''} in`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

export function renderStorageClass(sc: StorageClass, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(sc);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClass(md.annotations)}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(md.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(LEVEL_0, `AllowVolumeExpansion:\t${boolPtr(sc.allowVolumeExpansion)}\n`);
  const opts = sc.mountOptions ?? [];
  if (opts.length === 0) {
    w.write(LEVEL_0, 'MountOptions:\t<none>\n');
  } else {
    w.write(LEVEL_0, 'MountOptions:\n');
    for (const o of opts) w.write(LEVEL_1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) printAllowedTopologies(w, sc.allowedTopologies);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeStorageClass: Describer = async (dc, _ns, name) => {
  const sc = await getObject<StorageClass>(dc, gvr('storage.k8s.io', 'v1', 'storageclasses'), '', name);
  return renderStorageClass(sc, await eventsFor(dc, refOf(sc)), dc.now);
};

registerDescriber('storage.k8s.io', 'StorageClass', describeStorageClass);
