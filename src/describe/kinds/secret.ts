/**
 * Secret: type and the size of each data value, except the `token` of a
 * kubernetes.io/service-account-token secret, which kubectl prints in
 * clear. kubectl walks a Go map here, so its key order varies from run to
 * run; ktl sorts.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { getObject, gvr } from '../api.js';
import { printAnnotationsMultiline, printLabelsMultiline, sortedKeys } from '../format.js';
import { LEVEL_0, tabbedString } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export function renderSecret(secret: V1Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata?.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const tokenInClear = secret.type === 'kubernetes.io/service-account-token';
    for (const k of sortedKeys(secret.data)) {
      const value = Buffer.from(String(secret.data?.[k] ?? ''), 'base64');
      if (tokenInClear && k === 'token') w.write(LEVEL_0, `${k}:\t${value.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${value.length} bytes\n`);
    }
  });
}

const describeSecret: Describer = async (dc, namespace, name) => renderSecret(await getObject<V1Secret>(dc, gvr('', 'v1', 'secrets'), namespace, name));

registerDescriber('', 'Secret', describeSecret);
