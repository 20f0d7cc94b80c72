/**
 * ConfigMap: every data value in full, binary data by size. kubectl walks
 * Go maps here, so its key order varies from run to run; ktl sorts.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import { getObject, gvr } from '../api.js';
import { describeEvents, refOf, searchEventsStrict, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, sortedKeys } from '../format.js';
import { LEVEL_0, tabbedString } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export function renderConfigMap(cm: V1ConfigMap, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data?.[k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${Buffer.from(String(cm.binaryData?.[k]), 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(w, events, now);
  });
}

const describeConfigMap: Describer = async (dc, namespace, name) => {
  const cm = await getObject<V1ConfigMap>(dc, gvr('', 'v1', 'configmaps'), namespace, name);
  const events = dc.settings.showEvents ? await searchEventsStrict(dc, refOf(cm)) : undefined;
  return renderConfigMap(cm, events, dc.now);
};

registerDescriber('', 'ConfigMap', describeConfigMap);
